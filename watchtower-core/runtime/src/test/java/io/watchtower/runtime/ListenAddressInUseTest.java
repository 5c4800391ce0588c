package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A daemon whose {@code api.listen} is taken does not start, and says so of that key (file and line). */
class ListenAddressInUseTest {

    @Test
    void aTakenListenAddressIsAProblemOfApiListen(@TempDir Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path file = dir.resolve("w.conf");
            Files.writeString(file, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                    + " api.listen = \"127.0.0.1:" + taken.getLocalPort() + "\"\n channels = []\n towers {}\n}\n");

            InvalidConfigException refused = catchThrowableOfType(() -> Daemon.start(
                    new ConfigLoader(Map.of()).load(file), TowerCatalog.of(), clock,
                    new VirtualScheduler(clock::advance), Map.of()), InvalidConfigException.class);

            assertThat(refused).isNotNull();
            assertThat(refused.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("watchtower.api.listen");
                assertThat(p.origin()).isEqualTo(file + ":4");
                assertThat(p.message()).startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
            });
        }
    }
}
