package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Direction;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@code baseline { ... }} block into {@link DetectorSettings}. The same keys are accepted
 * globally ({@code watchtower.baseline}), per tower, per check ({@code checks.<name>.baseline}) and
 * by {@code watchtower replay --settings}.
 */
public final class BaselineSettingsReader {

    /** Every key a baseline block accepts. */
    public static final Set<String> KEYS = Set.of("warm-up", "window", "threshold", "fire.after", "fire.of",
            "resolve-after", "minimum-delta", "worse-when", "guardrail.above", "guardrail.below");

    private BaselineSettingsReader() {
    }

    /**
     * Applies the keys set in {@code block} on top of {@code base}.
     *
     * @param block the block's content
     * @param path the block's full path, for messages
     * @param base the settings the block overrides
     * @param problems where problems go
     * @return the resulting settings; {@code base} where a key was invalid
     */
    public static DetectorSettings read(Config block, String path, DetectorSettings base, List<ConfigProblem> problems) {
        for (Map.Entry<String, ConfigValue> entry : block.entrySet()) {
            if (!KEYS.contains(entry.getKey())) {
                problems.add(new ConfigProblem(ConfigProblem.describe(entry.getValue().origin()),
                        path + "." + entry.getKey(), "unknown key; a baseline block accepts " + String.join(", ",
                        new java.util.TreeSet<>(KEYS))));
            }
        }
        DetectorSettings s = base;
        s = apply(block, path, "warm-up", s, problems, "an integer between 1 and 100000",
                (cur, b, k) -> cur.warmUp(b.getInt(k)));
        s = apply(block, path, "window", s, problems, "an integer between 16 and 512",
                (cur, b, k) -> cur.window(b.getInt(k)));
        s = apply(block, path, "threshold", s, problems, "a number > 0 (robust standard deviations)",
                (cur, b, k) -> cur.threshold(b.getDouble(k)));
        s = apply(block, path, "resolve-after", s, problems, "an integer between 1 and 1000",
                (cur, b, k) -> cur.resolveAfter(b.getInt(k)));
        s = apply(block, path, "minimum-delta", s, problems, "a number >= 0 in the check's unit",
                (cur, b, k) -> cur.minimumDelta(b.getDouble(k)));
        s = apply(block, path, "guardrail.above", s, problems, "a number in the check's unit",
                (cur, b, k) -> cur.guardrailAbove(b.getDouble(k)));
        s = apply(block, path, "guardrail.below", s, problems, "a number in the check's unit",
                (cur, b, k) -> cur.guardrailBelow(b.getDouble(k)));
        s = apply(block, path, "worse-when", s, problems, "one of higher, lower, both",
                (cur, b, k) -> cur.direction(Direction.valueOf(b.getString(k).toUpperCase(Locale.ROOT))));
        if (block.hasPath("fire.after") || block.hasPath("fire.of")) {
            String key = block.hasPath("fire.after") ? "fire.after" : "fire.of";
            try {
                int after = block.hasPath("fire.after") ? block.getInt("fire.after") : s.fireAfter();
                int of = block.hasPath("fire.of") ? block.getInt("fire.of") : s.fireWindow();
                s = s.fireWhen(after, of);
            } catch (ConfigException | IllegalArgumentException e) {
                problems.add(new ConfigProblem(ConfigProblem.describe(block.getValue(key).origin()), path + "." + key,
                        "expected fire.after between 1 and fire.of, fire.of between 1 and 32"
                                + (e instanceof IllegalArgumentException ? " (" + e.getMessage() + ")" : "")));
            }
        }
        return s;
    }

    private interface Setter {
        DetectorSettings apply(DetectorSettings current, Config block, String key);
    }

    private static DetectorSettings apply(Config block, String path, String key, DetectorSettings current,
                                          List<ConfigProblem> problems, String expected, Setter setter) {
        if (!block.hasPath(key)) {
            return current;
        }
        try {
            return setter.apply(current, block, key);
        } catch (ConfigException | IllegalArgumentException e) {
            ConfigValue value = block.getValue(key);
            problems.add(new ConfigProblem(ConfigProblem.describe(value.origin()), path + "." + key,
                    "expected " + expected + ", got " + value.render()));
            return current;
        }
    }

}
