package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.watchtower.spi.Settings;
import io.watchtower.spi.SettingsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link Settings} over a HOCON block. Records every key read, so the core can reject the keys a
 * tower never read as unknown ({@link #unreadKeys()}), inside blocks ({@code tls { ... }}) too.
 */
public final class HoconSettings implements Settings {

    private final Config config;
    private final String prefix;
    private final ConfigValue block;
    private final Set<String> read;
    private final List<HoconSettings> children = new ArrayList<>();
    private final Map<String, String> environment;
    private final Path credentialsDirectory;

    /**
     * @param config the tower's own settings
     * @param prefix the full path of the block, for messages, for example {@code "watchtower.towers.app"}
     * @param block the block's value, for its origin
     * @param environment environment variables, for {@code *-env} secrets and {@code CREDENTIALS_DIRECTORY}
     */
    public HoconSettings(Config config, String prefix, ConfigValue block, Map<String, String> environment) {
        this.config = config;
        this.prefix = prefix;
        this.block = block;
        this.read = Collections.synchronizedSet(new LinkedHashSet<>());
        this.environment = environment;
        String credentials = environment.get("CREDENTIALS_DIRECTORY");
        this.credentialsDirectory = credentials == null ? null : Path.of(credentials);
    }

    private String full(String key) {
        return prefix + "." + key;
    }

    private String originOf(String key) {
        try {
            if (config.hasPathOrNull(key)) {
                return ConfigProblem.describe(config.getValue(key).origin());
            }
        } catch (ConfigException e) {
            // fall through to the block's origin
        }
        return ConfigProblem.describe(block == null ? config.origin() : block.origin());
    }

    private void mark(String key) {
        read.add(key);
    }

    private SettingsException wrap(String key, ConfigException e, String expected) {
        if (e instanceof ConfigException.Missing && !config.hasPathOrNull(key)) {
            return new SettingsException(full(key), originOf(key), "is required: expected " + expected);
        }
        return new SettingsException(full(key), originOf(key), "expected " + expected + describeActual(key));
    }

    private String describeActual(String key) {
        try {
            ConfigValue v = config.getValue(key);
            return ", got " + v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + v.render();
        } catch (ConfigException e) {
            return "";
        }
    }

    @Override
    public boolean has(String key) {
        mark(key);
        return config.hasPath(key);
    }

    @Override
    public String string(String key) {
        mark(key);
        try {
            ConfigValue v = config.getValue(key);
            if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
                throw new SettingsException(full(key), originOf(key), "expected a string" + describeActual(key));
            }
            return config.getString(key);
        } catch (ConfigException e) {
            throw wrap(key, e, "a string");
        }
    }

    @Override
    public Optional<String> optionalString(String key) {
        mark(key);
        return config.hasPath(key) ? Optional.of(string(key)) : Optional.empty();
    }

    @Override
    public int integer(String key) {
        mark(key);
        try {
            return config.getInt(key);
        } catch (ConfigException e) {
            throw wrap(key, e, "an integer");
        }
    }

    @Override
    public int integer(String key, int fallback) {
        mark(key);
        return config.hasPath(key) ? integer(key) : fallback;
    }

    @Override
    public double number(String key) {
        mark(key);
        try {
            return config.getDouble(key);
        } catch (ConfigException e) {
            throw wrap(key, e, "a number");
        }
    }

    @Override
    public double number(String key, double fallback) {
        mark(key);
        return config.hasPath(key) ? number(key) : fallback;
    }

    @Override
    public boolean bool(String key, boolean fallback) {
        mark(key);
        if (!config.hasPath(key)) {
            return fallback;
        }
        try {
            return config.getBoolean(key);
        } catch (ConfigException e) {
            throw wrap(key, e, "true or false");
        }
    }

    @Override
    public Duration duration(String key) {
        mark(key);
        try {
            return config.getDuration(key);
        } catch (ConfigException e) {
            throw wrap(key, e, "a duration such as 500ms, 15s or 2m");
        }
    }

    @Override
    public Duration duration(String key, Duration fallback) {
        mark(key);
        return config.hasPath(key) ? duration(key) : fallback;
    }

    @Override
    public List<String> stringList(String key) {
        mark(key);
        try {
            return List.copyOf(config.getStringList(key));
        } catch (ConfigException e) {
            throw wrap(key, e, "a list of strings");
        }
    }

    @Override
    public List<Settings> objectList(String key) {
        mark(key);
        if (!config.hasPath(key)) {
            return List.of();
        }
        ConfigList list;
        try {
            list = config.getList(key);
        } catch (ConfigException e) {
            throw wrap(key, e, "a list of objects");
        }
        List<Settings> result = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue element = list.get(i);
            if (!(element instanceof ConfigObject)) {
                throw new SettingsException(full(key) + "[" + i + "]", ConfigProblem.describe(element.origin()),
                        "expected an object { ... }, got " + element.valueType().name().toLowerCase(java.util.Locale.ROOT));
            }
            HoconSettings child = new HoconSettings(((ConfigObject) element).toConfig(), full(key) + "[" + i + "]",
                    element, environment);
            children.add(child);
            result.add(child);
        }
        return result;
    }

    @Override
    public Optional<String> secret(String key) {
        mark(key);
        mark(key + "-file");
        mark(key + "-env");
        if (config.hasPath(key)) {
            return Optional.of(string(key));
        }
        if (config.hasPath(key + "-file")) {
            String name = string(key + "-file");
            Path path = Path.of(name);
            if (!path.isAbsolute() && credentialsDirectory != null) {
                path = credentialsDirectory.resolve(path);
            }
            try {
                return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new SettingsException(full(key + "-file"), originOf(key + "-file"),
                        "cannot read secret file " + path + ": " + e.getClass().getSimpleName());
            }
        }
        if (config.hasPath(key + "-env")) {
            String variable = string(key + "-env");
            String value = environment.get(variable);
            if (value == null) {
                throw new SettingsException(full(key + "-env"), originOf(key + "-env"),
                        "environment variable " + variable + " is not set");
            }
            return Optional.of(value);
        }
        return Optional.empty();
    }

    @Override
    public SettingsException invalid(String key, String expected) {
        mark(key);
        return new SettingsException(full(key), originOf(key), "expected " + expected + describeActual(key));
    }

    /**
     * The keys set in this block (and in object-list elements that were read) that were never
     * read, as problems naming each key and where it was set.
     *
     * @return one problem per unknown key
     */
    public List<ConfigProblem> unreadKeys() {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
            String key = entry.getKey();
            if (!isRead(key)) {
                problems.add(new ConfigProblem(ConfigProblem.describe(entry.getValue().origin()), full(key),
                        key.startsWith("tls.") ? TlsBlock.UNKNOWN_KEY : "unknown key (not a setting of this tower)"));
            }
        }
        for (HoconSettings child : children) {
            problems.addAll(child.unreadKeys());
        }
        return problems;
    }

    /**
     * @param key a leaf's path
     * @return whether that very key was read: asking for a block ({@code has("tls")}) reads none of
     *         the keys inside it, so a misspelt key in a block is as unknown as one at the top
     */
    private boolean isRead(String key) {
        return read.contains(key);
    }
}
