package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.plugin.TowerCatalog;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file of {@code src/test/resources/startup/invalid-*.conf} fails the start check with the
 * expected problems, each naming file:line and key. The files are read through a path relative to
 * the working directory, the way {@code -c main.conf} names them, so includes are resolved against
 * the including file and not the working directory.
 */
class StartupCheckTest {

    private static final List<String> TESTDATA = List.of("invalid-retention.conf", "invalid-heartbeat.conf",
            "invalid-token-missing.conf", "invalid-token-short.conf", "invalid-token-scope.conf",
            "invalid-token-readable.conf",
            "invalid-state-dir-file.conf", "invalid-state-dir-under-file.conf", "invalid-state-dir-unwritable.conf",
            "invalid-null.conf", "invalid-duplicate-tower.conf", "invalid-include-loop.conf", "include-loop-b.conf",
            "invalid-include-missing.conf", "invalid-include-file.conf", "include-bad-part.conf", "short.token",
            "long.token");

    static Stream<Object[]> invalid() {
        return Stream.of(
                new Object[] {"invalid-retention.conf",
                        List.of(":3: watchtower.registry.retention: must be at least 3600000 ms, got 10m")},
                new Object[] {"invalid-heartbeat.conf",
                        List.of(":4: watchtower.registry.heartbeat-interval: must be at least 1000 ms, got 0s")},
                new Object[] {"invalid-token-missing.conf",
                        List.of(":4: watchtower.api.tokens[0].file: cannot read @DIR@/no-such.token")},
                new Object[] {"invalid-token-short.conf",
                        List.of(":4: watchtower.api.tokens[0].file: the token in @DIR@/short.token is shorter than 16 characters")},
                new Object[] {"invalid-token-readable.conf",
                        List.of(":4: watchtower.api.tokens[0].file: the token file @DIR@/long.token is readable by other "
                                + "users (rw-r--r--): chmod o-rwx it")},
                new Object[] {"invalid-token-scope.conf",
                        List.of(":4: watchtower.api.tokens[0].scope: expected read or admin, got root")},
                new Object[] {"invalid-state-dir-file.conf",
                        List.of(":2: watchtower.state-dir: @DIR@/long.token is not a directory")},
                new Object[] {"invalid-state-dir-under-file.conf",
                        List.of(":2: watchtower.state-dir: cannot create @DIR@/long.token/state: @DIR@/long.token is not a directory")},
                new Object[] {"invalid-state-dir-unwritable.conf",
                        List.of(":2: watchtower.state-dir: cannot create /proc/watchtower-state: ")},
                new Object[] {"invalid-null.conf",
                        List.of(":2: watchtower.state-dir: expected a directory path",
                                ":3: watchtower.api.rate-limit: expected a block { ... }, got null",
                                ":4: watchtower.snapshot-interval: expected a duration such as 500ms, 15s or 2m",
                                ":6: watchtower.registry.postgres: expected url, user and password-file as strings")},
                new Object[] {"invalid-duplicate-tower.conf",
                        List.of(":4: watchtower.towers.app: duplicate tower id \"app\": defined more than once in")},
                new Object[] {"invalid-include-loop.conf",
                        List.of("include-loop-b.conf:3: -: include loop: @DIR@/invalid-include-loop.conf is already being read")},
                new Object[] {"invalid-include-missing.conf",
                        List.of(":3: -: required include no-such-part.conf cannot be read")},
                new Object[] {"invalid-include-file.conf",
                        List.of("include-bad-part.conf:2: watchtower.snapshot-interval: expected a duration")});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void everyProblemNamesFileLineAndKey(String name, List<String> expected, @TempDir Path dir) throws IOException {
        for (String file : TESTDATA) {
            try (InputStream in = StartupCheckTest.class.getResourceAsStream("/startup/" + file)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@DIR@", dir.toString());
                Files.writeString(dir.resolve(file), text);
            }
            if (file.endsWith(".token")) { // as a plain write under umask 022 leaves it
                Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve(name));
        assertThat(relative.isAbsolute()).isFalse();

        ConfigReading reading = new ConfigLoader(Map.of()).read(relative);
        TowerCatalog catalog = reading.config() == null ? null
                : TowerCatalog.discover(Optional.empty(), StartupCheckTest.class.getClassLoader());
        List<String> problems = StartupCheck.problems(reading, catalog, Map.of()).stream()
                .map(ConfigProblem::toString).toList();

        for (String line : expected) {
            String want = line.replace("@DIR@", dir.toString());
            assertThat(problems).as("problems of " + name).anyMatch(p -> want.startsWith(":")
                    ? p.startsWith(dir.resolve(name) + want) : p.startsWith(dir.resolve(want.substring(0,
                    want.indexOf(':'))) + want.substring(want.indexOf(':'))));
        }
    }
}
