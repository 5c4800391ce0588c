package io.watchtower.runtime.state;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.escalation.Silence;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the daemon keeps and logs is for its own user: state files 0600 and folders 0700 whatever
 * the umask, no registry password in the log, and a loud warning when the API is open to the
 * network without tokens.
 */
class PrivateStateTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root().detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private Daemon start(String settings) throws Exception {
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " snapshot-interval = 1s\n escalation { group-wait = 0s }\n"
                + " delivery { retry-min = 20ms, retry-max = 50ms }\n" + settings + "\n towers {}\n}\n");
        return Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(), clock, time, Map.of());
    }

    @Test
    void everyStateFileIsOwnerOnlyAndEveryFolderToo() throws Exception {
        try (Daemon daemon = start(" api.listen = \"127.0.0.1:0\"\n"
                + " channels = [ { type = webhook, name = pager, url = \"http://127.0.0.1:1/down\" } ]")) {
            Instant now = clock.now();
            daemon.journal().append(Signals.firing("db", "lag", "critical", 0.9, now, now));
            daemon.alerting().silences().create(new Silence(null, "cache", null, null, null, null, null, null, null,
                    null, null), Duration.ofHours(1), "ops", "maintenance");
            await(() -> hasFile("outbox") && hasFile("silences.json") && hasFile("escalation.json"));
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir.resolve("state"))) {
            all = walk.toList();
        }
        assertThat(all).extracting(p -> dir.relativize(p).toString())
                .contains("state/journal/signals.jsonl", "state/silences.json", "state/audit.jsonl",
                        "state/escalation.json", "state/baselines.snap", "state/registry/towers.json",
                        "state/feedback/feedback.jsonl");
        for (Path p : all) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertThat(mode).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void anExistingStateFileIsNarrowedToTheOwner() throws Exception {
        Path journal = Files.createDirectories(dir.resolve("state/journal")).resolve("signals.jsonl");
        Files.writeString(journal, "");
        Files.setPosixFilePermissions(journal, PosixFilePermissions.fromString("rw-r--r--"));
        try (Daemon daemon = start(" api.listen = \"127.0.0.1:0\"\n channels = []")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal))).isEqualTo("rw-------");
        }
    }

    @Test
    void theRegistryPasswordInItsUrlIsNeverLogged() throws Exception {
        try (Daemon daemon = start(" api.listen = \"127.0.0.1:0\"\n channels = []\n"
                + " registry.postgres.url = \"jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=hunter2-in-url\"")) {
            assertThat(messages()).anyMatch(m -> m.contains("registry: fleet jdbc:postgresql://127.0.0.1:5432/test?"
                    + "user=postgres&password=***"));
        }
        assertThat(messages()).noneMatch(m -> m.contains("hunter2"));
    }

    @Test
    void anApiOpenToTheNetworkWithoutTokensStartsWithALoudWarning() throws Exception {
        try (Daemon daemon = start(" api.listen = \"0.0.0.0:0\"\n channels = []")) {
            assertThat(log.list).anyMatch(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().startsWith("THE API IS OPEN TO THE NETWORK: api.listen = 0.0.0.0:0"));
        }
    }

    @Test
    void aLoopbackApiWithoutTokensDoesNotWarn() throws Exception {
        try (Daemon daemon = start(" api.listen = \"127.0.0.1:0\"\n channels = []")) {
            assertThat(messages()).noneMatch(m -> m.contains("OPEN TO THE NETWORK"));
        }
    }

    private boolean hasFile(String name) {
        try (Stream<Path> walk = Files.walk(dir.resolve("state"))) {
            return walk.anyMatch(p -> p.getFileName().toString().startsWith(name) && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Moves virtual time on until a condition holds, at most ten virtual minutes. */
    private void await(BooleanSupplier condition) {
        assertThat(time.advanceUntil(condition, Duration.ofMinutes(10))).isTrue();
    }
}
