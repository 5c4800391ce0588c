package io.watchtower.tower.postgres;

import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.PostgresServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.watchtower.tower.postgres.PostgresTowerTest.GLOBAL;
import static io.watchtower.tower.postgres.PostgresTowerTest.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real server probed every 15 s: a new session is timed every third probe by default, every probe
 * with {@code connect-interval = 0}; the catalog series arrive every probe, no series goes stale, and
 * a server that stops between two timed sessions is seen unreachable at the very next probe.
 */
class ConnectCadenceProbeTest {

    private static String block(PostgresServer server, String extra) {
        return "interval = 15s\ntimeout = 5s\nuser = watchtower\nservers = [\"" + target(server) + "\"]\n" + extra;
    }

    /** @return for each of {@code n} probes, whether it timed a new session */
    private static List<Boolean> timedSessions(TowerHarness h, String server, int n) {
        List<Boolean> timed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            h.probe();
            List<Observation> own = h.lastResult().observations().stream()
                    .filter(o -> o.target().equals(server)).toList();
            assertThat(own).as("probe %d reads the catalog", i + 1).anyMatch(o -> o.check().equals("connection_usage"));
            timed.add(own.stream().anyMatch(o -> o.check().equals("connect_time")));
        }
        return timed;
    }

    @Test
    void aNewSessionIsTimedEveryThirdProbeAndAStoppedServerIsUnreachableAtTheNextProbe() {
        try (PostgresServer server = PostgresServer.builder().start()) {
            server.psql("postgres", "CREATE ROLE watchtower LOGIN; GRANT pg_monitor TO watchtower");
            String target = target(server);
            try (TowerHarness h = TowerHarness.of(PostgresTowerTest.FACTORY, block(server, ""), GLOBAL, new FakeClock())) {
                assertThat(timedSessions(h, target, 7)).containsExactly(true, false, false, true, false, false, true);
                assertThat(h.series()).as("no series goes stale between timed sessions").noneMatch(v -> v.stale());
                assertThat(h.series(target, "connect_time").orElseThrow().samples()).isEqualTo(3);

                h.probe(); // the pooled session only
                assertThat(h.lastResult().observations()).noneMatch(o -> o.check().equals("connect_time"));
                server.stop();
                h.probe();
                assertThat(h.lastResult().observations()).as("the probe right after the stop, between timed sessions")
                        .anyMatch(o -> o.type() == Observation.Type.UNREACHABLE && o.target().equals(target));
                assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE
                        && s.target().equals(target), 3)).as("and the unreachable signal follows as for any outage").isPresent();
                server.start();
                h.probe();
                assertThat(h.lastResult().observations()).as("back: the probe after an outage times a new session")
                        .anyMatch(o -> o.target().equals(target) && o.check().equals("connect_time"));
            }
        }
    }

    @Test
    void connectIntervalZeroTimesANewSessionEveryProbe() {
        try (PostgresServer server = PostgresServer.builder().start()) {
            server.psql("postgres", "CREATE ROLE watchtower LOGIN; GRANT pg_monitor TO watchtower");
            try (TowerHarness h = TowerHarness.of(PostgresTowerTest.FACTORY, block(server, "connect-interval = 0s"),
                    GLOBAL, new FakeClock())) {
                assertThat(timedSessions(h, target(server), 4)).containsExactly(true, true, true, true);
            }
        }
    }
}
