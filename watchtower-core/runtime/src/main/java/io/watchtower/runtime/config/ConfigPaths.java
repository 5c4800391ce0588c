package io.watchtower.runtime.config;

import com.typesafe.config.ConfigUtil;

/** Paths in HOCON: quoting keys that contain dots or other special characters. */
final class ConfigPaths {

    private ConfigPaths() {
    }

    static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
    }
}
