package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Direction;
import io.watchtower.baseline.LevelMethod;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@code baseline { ... }} block into {@link DetectorSettings}. The same keys are accepted
 * globally ({@code watchtower.baseline}), per tower, per check ({@code checks.<name>.baseline}) and
 * by {@code watchtower replay --settings}. docs/detection.md documents each key and its default.
 */
public final class BaselineSettingsReader {

    private interface Setter {
        DetectorSettings apply(DetectorSettings current, Config block, String key);
    }

    private record Key(String expected, Setter setter) {
    }

    private static final Map<String, Key> KEYS_IN_ORDER = new LinkedHashMap<>();

    static {
        key("warm-up", "an integer between 1 and 100000", (s, b, k) -> s.warmUp(b.getInt(k)));
        key("window", "an integer between 16 and 512", (s, b, k) -> s.window(b.getInt(k)));
        key("threshold", "a number > 0 (robust standard deviations)", (s, b, k) -> s.threshold(b.getDouble(k)));
        key("resolve-after", "an integer between 1 and 1000", (s, b, k) -> s.resolveAfter(b.getInt(k)));
        key("minimum-delta", "a number >= 0 in the check's unit", (s, b, k) -> s.minimumDelta(b.getDouble(k)));
        key("guardrail.above", "a number in the check's unit", (s, b, k) -> s.guardrailAbove(b.getDouble(k)));
        key("guardrail.below", "a number in the check's unit", (s, b, k) -> s.guardrailBelow(b.getDouble(k)));
        key("worse-when", "one of higher, lower, both",
                (s, b, k) -> s.direction(Direction.valueOf(b.getString(k).toUpperCase(Locale.ROOT))));
        key("bad-never-normal", "true or false", (s, b, k) -> s.badNeverNormal(b.getBoolean(k)));
        key("level.method", "one of median, ewma",
                (s, b, k) -> s.levelMethod(LevelMethod.valueOf(b.getString(k).toUpperCase(Locale.ROOT))));
        key("ewma.alpha", "a number between 0 and 1", (s, b, k) -> s.ewmaAlpha(b.getDouble(k)));
        key("season.enabled", "true or false", (s, b, k) -> s.seasonal(b.getBoolean(k)));
        key("season.min-samples", "a positive integer", (s, b, k) -> s.seasonMinSamples(b.getInt(k)));
        key("season.memory", "a positive integer", (s, b, k) -> s.seasonMemory(b.getInt(k)));
        key("season.zone", "a time zone such as UTC or Europe/Berlin", (s, b, k) -> s.seasonZone(zone(b.getString(k))));
        key("cusum.enabled", "true or false", (s, b, k) -> s.changePoint(b.getBoolean(k)));
        key("cusum.drift", "a number >= 0 (robust standard deviations)", (s, b, k) -> s.cusumDrift(b.getDouble(k)));
        key("cusum.limit", "a number > 0 (robust standard deviations)", (s, b, k) -> s.cusumLimit(b.getDouble(k)));
        key("shift.adopt-after", "an integer >= 0 (0 never adopts)", (s, b, k) -> s.adoptAfter(b.getInt(k)));
        key("rate.window", "a positive integer", (s, b, k) -> s.rateWindow(b.getInt(k)));
        key("rate.memory", "a positive integer", (s, b, k) -> s.rateMemory(b.getInt(k)));
    }

    /** Every key a baseline block accepts. */
    public static final Set<String> KEYS;

    static {
        Set<String> keys = new TreeSet<>(KEYS_IN_ORDER.keySet());
        keys.add("fire.after");
        keys.add("fire.of");
        KEYS = java.util.Collections.unmodifiableSet(keys);
    }

    private BaselineSettingsReader() {
    }

    private static void key(String name, String expected, Setter setter) {
        KEYS_IN_ORDER.put(name, new Key(expected, setter));
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * Applies the keys set in {@code block} on top of {@code base}.
     *
     * @param block the block's content
     * @param path the block's full path, for messages
     * @param base the settings the block overrides
     * @param problems where problems go
     * @return the resulting settings; unchanged where a key was invalid
     */
    public static DetectorSettings read(Config block, String path, DetectorSettings base, List<ConfigProblem> problems) {
        for (Map.Entry<String, ConfigValue> entry : block.entrySet()) {
            if (!KEYS.contains(entry.getKey())) {
                problems.add(new ConfigProblem(ConfigProblem.describe(entry.getValue().origin()),
                        path + "." + entry.getKey(), "unknown key; a baseline block accepts " + String.join(", ", KEYS)));
            }
        }
        DetectorSettings s = base;
        for (Map.Entry<String, Key> key : KEYS_IN_ORDER.entrySet()) {
            String name = key.getKey();
            if (!block.hasPath(name)) {
                continue;
            }
            try {
                s = key.getValue().setter().apply(s, block, name);
            } catch (ConfigException | IllegalArgumentException e) {
                ConfigValue value = block.getValue(name);
                problems.add(new ConfigProblem(ConfigProblem.describe(value.origin()), path + "." + name,
                        "expected " + key.getValue().expected() + ", got " + value.render()));
            }
        }
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
}
