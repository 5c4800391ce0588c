package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.journal.SmallTmpfs;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state dir on a full disk: a target goes down and comes back while no signal can be written.
 * The daemon is not ready meanwhile, and when space returns the firing and the resolution are
 * journaled in order, with their original times, and delivered to the channel.
 */
class FullStateDiskTest {

    @Test
    void signalsMadeWhileTheStateDiskIsFullAreJournaledAndDeliveredWhenSpaceReturns(@TempDir Path dir)
            throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        TowerCatalog catalog = TowerCatalog.of(new ScriptedTowerFactory("scripted", () -> out -> {
            if (down.get()) {
                out.target("db").unreachable("connection refused");
            } else {
                out.target("db").gauge("latency", 1.0);
            }
        }));
        Path delivered = dir.resolve("out/notifications.jsonl");
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("state"), "2m")) {
            Path config = dir.resolve("w.conf");
            Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + fs.path() + "\"\n"
                    + " api.listen = \"127.0.0.1:0\"\n"
                    + " baseline { fire { after = 2, of = 2 }, resolve-after = 2 }\n"
                    + " escalation { group-wait = 0s }\n"
                    + " delivery { retry-min = 50ms, retry-max = 200ms }\n"
                    + " channels = [ { type = file, path = \"" + delivered + "\" } ]\n"
                    + " tower-defaults { jitter = 0, backoff.max = 1s }\n"
                    + " towers { t { type = scripted, interval = 1s } }\n}\n");
            HttpClient http = HttpClient.newHttpClient();
            TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
            VirtualScheduler time = new VirtualScheduler(clock::advance);
            try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), catalog, clock, time,
                    Map.of())) {
                Virtual virtual = new Virtual(time);
                URI api = URI.create("http://127.0.0.1:" + daemon.apiAddress().getPort());
                virtual.await("ready", daemon::ready);
                assertThat(daemon.journal().size()).as("nothing signalled before the disk fills").isZero();

                fs.fill();
                down.set(true);
                virtual.await("the target fires", () -> reachabilityFiring(daemon, true));
                Instant firedBy = clock.now();
                assertThat(daemon.ready()).isFalse();
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(api.resolve("/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as("/ready while the journal cannot be written: %s", ready.body())
                        .isEqualTo(503);
                down.set(false);
                virtual.await("the target resolves", () -> reachabilityFiring(daemon, false));
                virtual.await("both signals are held", () -> daemon.appender().held() == 2);
                String metrics = http.send(HttpRequest.newBuilder(api.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("watchtower_journal_held_signals 2");
                assertThat(daemon.ready()).isFalse();
                assertThat(daemon.journal().size()).isZero();

                fs.free();
                virtual.await("every held signal is journaled", () -> daemon.journal().size() > 0
                        && daemon.appender().held() == 0);
                List<Signal> journal = daemon.journal().readAll();
                assertThat(journal).extracting(Signal::kind, Signal::state)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(SignalKind.UNREACHABLE, SignalState.FIRING),
                                org.assertj.core.groups.Tuple.tuple(SignalKind.UNREACHABLE, SignalState.RESOLVED));
                assertThat(journal.get(0).since()).isEqualTo(journal.get(1).since());
                assertThat(Instant.parse(journal.get(0).at())).as("the firing keeps the time it was made")
                        .isBefore(firedBy);
                virtual.await("ready again", daemon::ready);
                virtual.await("the firing and the resolution are delivered", () -> lines(delivered).size() >= 2);
                List<Signal> notified = lines(delivered).stream().map(SignalJson::read).collect(Collectors.toList());
                assertThat(notified).extracting(Signal::id)
                        .containsExactly(journal.get(0).id(), journal.get(1).id());
            }
            try (SignalJournal reopened = new SignalJournal(fs.path().resolve("journal/signals.jsonl"))) {
                assertThat(reopened.readAll()).hasSize(2);
            }
        }
    }

    private static boolean reachabilityFiring(Daemon daemon, boolean firing) {
        return daemon.tracker().views().stream().filter(v -> v.key().check().equals(SeriesKey.REACHABLE))
                .anyMatch(v -> v.firing() == firing);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Moves virtual time on until a condition holds, at most ten virtual minutes. */
    private record Virtual(VirtualScheduler time) {
        void await(String what, BooleanSupplier condition) {
            assertThat(time.advanceUntil(condition, Duration.ofMinutes(10))).as(what).isTrue();
        }
    }
}
