package io.watchtower.launcher;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigDropInsTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @Test
    void dropInsAreLaidOverTheFileInNameOrder() throws IOException {
        Path main = Files.writeString(dir.resolve("watchtower.conf"), """
                watchtower { state-dir = "%s", api.listen = "127.0.0.1:0" }
                """.formatted(dir.resolve("state")));
        Path confD = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("20-paths.conf"), """
                watchtower.towers.paths { type = network-path, component = a, targets = ["127.0.0.1:1"] }
                """);
        Files.writeString(confD.resolve("10-dns.conf"), """
                watchtower.towers.paths { component = overridden-later, targets = ["127.0.0.1:2"] }
                watchtower.towers.gateway { type = network-path, component = gw, targets = ["127.0.0.1:3"] }
                """);
        Files.writeString(confD.resolve("ignored.conf.dpkg-old"), "not { hocon");

        DaemonConfig config = ConfigDropIns.load(loader, main, confD);

        assertThat(config.towers()).containsOnlyKeys("paths", "gateway");
        assertThat(config.towers().get("paths").component()).isEqualTo("a");
        assertThat(config.source()).isEqualTo(main);
    }

    @Test
    void problemsNameTheDropInAndLine() throws IOException {
        Path main = Files.writeString(dir.resolve("watchtower.conf"), "watchtower { api.listen = \"127.0.0.1:0\" }\n");
        Path confD = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(confD.resolve("broken.conf"), "\n\nwatchtower.towers.x { type = network-path, interval = soon }\n");

        assertThatThrownBy(() -> ConfigDropIns.load(loader, main, confD))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("broken.conf:3");
    }

    @Test
    void aMissingFolderIsAProblem() throws IOException {
        Path main = Files.writeString(dir.resolve("watchtower.conf"), "watchtower {}\n");

        assertThatThrownBy(() -> ConfigDropIns.load(loader, main, dir.resolve("nope")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--conf-dir");
    }
}
