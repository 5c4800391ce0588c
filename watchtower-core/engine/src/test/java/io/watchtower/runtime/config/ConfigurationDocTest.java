package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md documents every key of reference.conf and every baseline key. */
class ConfigurationDocTest {

    @Test
    void everyDefaultAndBaselineKeyIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("../../docs/configuration.md"));
        Config reference = new ConfigLoader(Map.of()).reference().getConfig("watchtower");
        TreeSet<String> missing = new TreeSet<>();
        for (String key : new TreeSet<>(leafPaths(reference))) {
            String last = key.substring(key.lastIndexOf('.') + 1);
            if (!doc.contains("`" + key + "`") && !doc.contains("`" + key.replaceFirst("^[^.]+\\.", "") + "`")
                    && !doc.contains("." + last + "`") && !doc.contains("`" + last + "`")) {
                missing.add(key);
            }
        }
        for (String key : BaselineSettingsReader.KEYS) {
            if (!doc.contains("`" + key + "`") && !doc.contains("`" + key.replace(".", "`, `") + "`")
                    && !doc.contains(key.substring(key.indexOf('.') + 1) + "`")) {
                missing.add("baseline." + key);
            }
        }
        assertThat(missing).as("keys missing from docs/configuration.md").isEmpty();
    }

    private static java.util.Set<String> leafPaths(Config config) {
        java.util.Set<String> paths = new TreeSet<>();
        config.root().forEach((k, v) -> collect(k, v, paths));
        return paths;
    }

    private static void collect(String path, com.typesafe.config.ConfigValue value, java.util.Set<String> paths) {
        if (value instanceof com.typesafe.config.ConfigObject && !((com.typesafe.config.ConfigObject) value).isEmpty()) {
            ((com.typesafe.config.ConfigObject) value).forEach((k, v) -> collect(path + "." + k, v, paths));
        } else {
            paths.add(path);
        }
    }
}
