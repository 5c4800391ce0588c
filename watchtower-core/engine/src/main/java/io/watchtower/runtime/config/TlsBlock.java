package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.watchtower.net.TlsSettings;
import io.watchtower.spi.SettingsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code tls { ca-file, verify, server-name }} block of a core setting (an HTTP channel, the
 * fleet registry), read by the same {@link TlsSettings#read reader} as the towers' blocks, plus the
 * check the towers get from their unread keys: a key inside the block that is none of the three
 * is refused.
 */
public final class TlsBlock {

    private static final Set<String> KEYS = Set.of("ca-file", "verify", "server-name");
    /** What is wrong with a key inside a {@code tls} block that is none of its three. */
    static final String UNKNOWN_KEY = "unknown key of the tls block; it accepts ca-file, verify and server-name";

    private TlsBlock() {
    }

    /**
     * @param block the block holding {@code tls} (a channel's, {@code watchtower.registry.postgres})
     * @param path the block's full path, for messages
     * @param origin the block's value, for its origin (may be null)
     * @return every problem of its {@code tls} key, each naming key, file and line
     */
    public static List<ConfigProblem> problems(Config block, String path, ConfigValue origin) {
        List<ConfigProblem> problems = new ArrayList<>();
        read(block, path, origin, problems);
        return problems;
    }

    /**
     * Reads the block once: its settings (the CA file read and checked) and its problems.
     *
     * @param block the block holding {@code tls}
     * @param path the block's full path, for messages
     * @param origin the block's value, for its origin (may be null)
     * @param problems where every problem of its {@code tls} key goes, each naming key, file and line
     * @return the settings, or empty without {@code tls} (or with {@code tls = false}) or when it is invalid
     */
    public static Optional<TlsSettings> read(Config block, String path, ConfigValue origin,
                                             List<ConfigProblem> problems) {
        ConfigValue tls = block.hasPath("tls") ? block.getValue("tls") : null;
        if (tls instanceof ConfigObject object) {
            for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
                if (!KEYS.contains(entry.getKey())) {
                    problems.add(new ConfigProblem(ConfigProblem.describe(entry.getValue().origin()),
                            path + ".tls." + entry.getKey(), UNKNOWN_KEY));
                }
            }
        }
        try {
            return read(block, path, origin);
        } catch (SettingsException e) {
            problems.add(ConfigProblem.of(e));
            return Optional.empty();
        }
    }

    /**
     * @param block the block holding {@code tls}
     * @param path the block's full path, for messages
     * @param origin the block's value, for its origin (may be null)
     * @return the settings, or empty without {@code tls} (or with {@code tls = false})
     * @throws SettingsException when the block is invalid (see {@link #problems})
     */
    public static Optional<TlsSettings> read(Config block, String path, ConfigValue origin) {
        return TlsSettings.read(new HoconSettings(block, path, origin, Map.of()));
    }
}
