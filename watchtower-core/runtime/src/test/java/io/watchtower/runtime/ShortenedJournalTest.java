package io.watchtower.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.registry.SignalQuery;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journal restored from a backup is shorter than (or different from) what the channels and the
 * registry had read: their saved cursors point past its end or into the middle of a line. The
 * daemon says so and delivers again from the journal's start, so no signal of the restored journal
 * or written after it is skipped.
 */
class ShortenedJournalTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(SignalJournal.class)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(SignalJournal.class)).detachAppender(log);
    }

    @Test
    void cursorsBeyondARestoredJournalsEndDeliverWhatComesNext(@TempDir Path dir) throws Exception {
        Instant now = clock.now();
        Signal a = Signals.firing("db", "latency", "high", 0.9, now, now);
        Signal b = Signals.firing("cache", "hits", "high", 0.9, now, now);
        Signal c = Signals.firing("queue", "depth", "high", 0.9, now, now);
        Path config = config(dir);
        Path journal = dir.resolve("state/journal/signals.jsonl");
        byte[] backup;
        try (Daemon daemon = start(config)) {
            daemon.journal().append(a);
            backup = Files.readAllBytes(journal);
            daemon.journal().append(b);
            await("a and b are delivered and published", () -> delivered(dir).size() == 2 && published(daemon).size() == 2);
            long end = daemon.journal().size();
            await("escalation saved its offset", () -> escalationOffset(dir) == end);
        }
        Files.write(journal, backup); // the journal as it was when only a was in it
        try (Daemon daemon = start(config)) {
            daemon.journal().append(c);
            await("c is delivered", () -> delivered(dir).contains(c.id()));
            await("c is published to the registry", () -> published(daemon).contains(c.id()));
        }
        assertThat(errors()).anySatisfy(m -> assertThat(m).contains("escalation (every channel)", "beyond the end of"));
        assertThat(errors()).anySatisfy(m -> assertThat(m).contains("the local registry", "beyond the end of",
                "(" + backup.length + " bytes", "re-delivering from offset 0"));
        assertThat(delivered(dir)).as("nothing is skipped; a may be delivered again").containsSubsequence(
                a.id(), b.id(), c.id());
    }

    @Test
    void cursorsInsideALineOfAReplacedJournalDeliverThatLine(@TempDir Path dir) throws Exception {
        Instant now = clock.now();
        Signal a = Signals.firing("db", "latency", "high", 0.9, now, now);
        Signal b = Signals.firing("cache", "hits", "high", 0.9, now, now);
        // a signal of a longer line than b, only in the restored journal: the old cursors fall inside it
        Signal d = Signals.firing("a-component-with-a-much-longer-name", "replication_lag", "high", 0.9, now, now);
        Signal c = Signals.firing("queue", "depth", "high", 0.9, now, now);
        Path config = config(dir);
        Path journal = dir.resolve("state/journal/signals.jsonl");
        long cursor;
        try (Daemon daemon = start(config)) {
            daemon.journal().append(a);
            daemon.journal().append(b);
            cursor = daemon.journal().size();
            await("a and b are delivered and published", () -> delivered(dir).size() == 2 && published(daemon).size() == 2);
            await("escalation saved its offset", () -> escalationOffset(dir) == cursor);
        }
        Files.writeString(journal, SignalJson.write(a) + "\n" + SignalJson.write(d) + "\n");
        assertThat(Files.size(journal)).isGreaterThan(cursor);
        try (Daemon daemon = start(config)) {
            daemon.journal().append(c);
            await("d and c are delivered", () -> delivered(dir).containsAll(List.of(d.id(), c.id())));
            await("d and c are published", () -> published(daemon).containsAll(List.of(d.id(), c.id())));
        }
        assertThat(errors()).anySatisfy(m -> assertThat(m).contains("escalation (every channel)", "(" + cursor + ")",
                "not at the start of a line in"));
        assertThat(errors()).anySatisfy(m -> assertThat(m).contains("the local registry", "(" + cursor + ")"));
    }

    private List<String> errors() {
        return log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
    }

    private static long escalationOffset(Path dir) {
        try {
            return SignalJson.mapper().readTree(dir.resolve("state/escalation.json").toFile()).get("offset").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static Path config(Path dir) throws Exception {
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api.listen = \"127.0.0.1:0\"\n"
                + " escalation { group-wait = 0s }\n"
                + " channels = [ { type = file, path = \"" + dir.resolve("out.jsonl") + "\" } ]\n"
                + " towers {}\n}\n");
        return config;
    }

    private Daemon start(Path config) throws Exception {
        return Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(), clock, time, Map.of());
    }

    private static List<String> delivered(Path dir) {
        try {
            Path out = dir.resolve("out.jsonl");
            return Files.exists(out) ? Files.readAllLines(out).stream().map(l -> SignalJson.read(l).id())
                    .collect(Collectors.toList()) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> published(Daemon daemon) {
        return daemon.exposure().registry().local().signals(SignalQuery.timeline(null, 100)).stream()
                .map(SignalRecord::id).collect(Collectors.toList());
    }

    /** Moves virtual time on until a condition holds, at most ten virtual minutes. */
    private void await(String what, BooleanSupplier condition) {
        assertThat(time.advanceUntil(condition, Duration.ofMinutes(10))).as(what).isTrue();
    }
}
