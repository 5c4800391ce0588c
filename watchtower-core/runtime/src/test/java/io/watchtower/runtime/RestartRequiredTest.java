package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which changes a reload refuses, and how it names them (never with a password the URL holds). */
class RestartRequiredTest {

    private static DaemonSettings settings(Path dir, String name, String registry) throws Exception {
        return settings(dir, name, registry, "");
    }

    private static DaemonSettings settings(Path dir, String name, String registry, String core) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " registry {\n " + registry + "\n }\n channels = []\n towers {}\n" + core + "}\n");
        return DaemonSettings.of(new ConfigLoader(Map.of()).load(file));
    }

    @Test
    void aMovedFleetRegistryIsNamedWithoutItsPassword(@TempDir Path dir) throws Exception {
        DaemonSettings running = settings(dir, "a.conf",
                "postgres { url = \"jdbc:postgresql://db1:5432/wt?password=s3cret\", pool-size = 4 }");
        DaemonSettings next = settings(dir, "b.conf",
                "postgres { url = \"jdbc:postgresql://db2:5432/wt?password=s3cret\", pool-size = 8 }");

        List<ConfigProblem> problems = RestartRequired.changes(running, next);

        assertThat(problems).extracting(ConfigProblem::key)
                .containsExactly("watchtower.registry.postgres.url", "watchtower.registry.postgres.pool-size");
        assertThat(problems.get(0).origin()).isEqualTo(dir.resolve("b.conf") + ":5");
        assertThat(problems.get(0).message()).contains("db1:5432", "db2:5432", "only on a restart")
                .doesNotContain("s3cret");
        assertThat(problems.get(1).message()).contains("changed from 4 to 8");
    }

    @Test
    void intervalsRetentionAndTheApiAreNotRefused(@TempDir Path dir) throws Exception {
        DaemonSettings running = settings(dir, "a.conf", "heartbeat-interval = 10s, retention = 90d");
        DaemonSettings next = settings(dir, "b.conf", "heartbeat-interval = 2s, retention = 7d, local-signals = 500");

        assertThat(RestartRequired.changes(running, next)).isEmpty();
    }

    @Test
    void theSnapshotIntervalAndTheJournalsRotationAreRefusedNotKeptForLater(@TempDir Path dir) throws Exception {
        DaemonSettings running = settings(dir, "a.conf", "", "snapshot-interval = 60s\njournal { max-size = 64MiB }\n");
        DaemonSettings next = settings(dir, "b.conf", "",
                "snapshot-interval = 5m\njournal { max-size = 1MiB, segments-kept = 5 }\n");

        List<ConfigProblem> problems = RestartRequired.changes(running, next);

        assertThat(problems).extracting(ConfigProblem::key).containsExactly("watchtower.snapshot-interval",
                "watchtower.journal.max-size", "watchtower.journal.segments-kept");
        assertThat(problems.get(0).origin()).isEqualTo(dir.resolve("b.conf") + ":9");
        assertThat(problems.get(0).message()).contains("only on a restart");
    }
}
