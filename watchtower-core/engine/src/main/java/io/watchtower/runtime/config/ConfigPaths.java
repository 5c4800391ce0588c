package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;

import java.util.List;

/** Paths in HOCON: quoting keys that contain dots or other special characters. */
final class ConfigPaths {

    private ConfigPaths() {
    }

    /**
     * The value at a path, a null value included (which {@link Config#getValue} refuses), for its origin.
     *
     * @return the value, or null when the path is missing
     */
    static ConfigValue valueOrNull(Config config, String path) {
        List<String> parts = ConfigUtil.splitPath(path);
        ConfigValue value = config.root();
        for (String part : parts) {
            if (!(value instanceof ConfigObject object)) {
                return null;
            }
            value = object.get(part);
            if (value == null) {
                return null;
            }
        }
        return value;
    }

    /** @return the origin of the value at a path (null values too), or of the whole configuration */
    static ConfigOrigin origin(Config config, String path) {
        ConfigValue value = valueOrNull(config, path);
        return value == null ? config.origin() : value.origin();
    }

    static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
    }
}
