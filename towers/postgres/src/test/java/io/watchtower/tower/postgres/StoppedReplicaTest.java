package io.watchtower.tower.postgres;

import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.PostgresServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.watchtower.tower.postgres.PostgresTowerTest.awaitPsql;
import static io.watchtower.tower.postgres.PostgresTowerTest.firing;
import static io.watchtower.tower.postgres.PostgresTowerTest.harness;
import static io.watchtower.tower.postgres.PostgresTowerTest.target;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica whose replay is paused fires on both sides; then it is stopped. Its own series and the
 * primary's series about it stop arriving while the tower still probes the primary: after three
 * probes each firing ends as stale (not "firing forever on its last value"). When the replica is
 * back, its series are fresh again. Real PostgreSQL primary and streaming replica, virtual time.
 */
class StoppedReplicaTest {

    @Test
    void theFiringsOfAStoppedReplicaEndAsStaleAndItsSeriesAreFreshWhenItIsBack() {
        try (PostgresServer primary = PostgresServer.builder().maxConnections(20).start()) {
            primary.psql("postgres", "CREATE ROLE watchtower LOGIN; GRANT pg_monitor TO watchtower;"
                    + " CREATE TABLE filler(id int, pad text)");
            try (PostgresServer replica = PostgresServer.replicaOf(primary); TowerHarness h = harness(primary, replica)) {
                String replicaTarget = target(replica);
                h.probes(6);
                String fromPrimary = h.series().stream().map(v -> v.key().target())
                        .filter(t -> t.startsWith(target(primary) + "/replica:")).findFirst()
                        .orElseThrow(() -> new AssertionError("the primary reports its replica: " + h.series()));

                replica.psql("postgres", "SELECT pg_wal_replay_pause()");
                primary.psql("postgres", "INSERT INTO filler SELECT g, repeat('x', 100) FROM generate_series(1, 60000) g");
                assertThat(h.probesUntil(firing(replicaTarget, "replay_paused"), 5)).isPresent();
                for (int i = 0; i < 5 && h.signals().stream().noneMatch(firing(fromPrimary, "replication_lag_bytes")); i++) {
                    h.probe();
                }
                assertThat(h.signals()).anyMatch(firing(fromPrimary, "replication_lag_bytes"));
                Set<String> firingBefore = h.series().stream().filter(SeriesView::firing)
                        .filter(v -> v.key().target().equals(replicaTarget) || v.key().target().equals(fromPrimary))
                        .filter(v -> !v.key().check().equals("reachable"))
                        .map(v -> v.key().target() + " " + v.key().check()).collect(Collectors.toSet());
                assertThat(firingBefore).contains(replicaTarget + " replay_paused", fromPrimary + " replication_lag_bytes");

                replica.stop();
                int before = h.signals().size();
                h.probes(SeriesTracker.STALE_AFTER_PROBES + 2);
                List<Signal> after = h.signals().subList(before, h.signals().size());
                Set<String> endedStale = after.stream().filter(Signal::wentStale)
                        .map(s -> s.target() + " " + s.check()).collect(Collectors.toSet());
                assertThat(endedStale).as("every firing of and about the stopped replica ends as stale")
                        .containsAll(firingBefore);
                Signal paused = after.stream().filter(s -> s.wentStale() && s.check().equals("replay_paused"))
                        .findFirst().orElseThrow();
                assertThat(paused.summary()).contains("is stale: no observation for 3 probes in a row while tower "
                        + TowerHarness.TOWER_ID + " still probes");
                assertThat(paused.stale().missedProbes()).isEqualTo(SeriesTracker.STALE_AFTER_PROBES);
                assertThat(after).as("the replica itself is unreachable")
                        .anyMatch(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE && s.target().equals(replicaTarget));
                for (String series : firingBefore) {
                    String[] parts = series.split(" ");
                    SeriesView v = h.series(parts[0], parts[1]).orElseThrow();
                    assertThat(v.stale()).as(series + " is stale").isTrue();
                    assertThat(v.firing()).as(series + " no longer fires on old data").isFalse();
                }
                assertThat(h.series(target(primary), "round_trip_time").orElseThrow().stale())
                        .as("the primary's own series still arrive").isFalse();
                int stale = h.signals().size();
                h.probes(5);
                assertThat(h.signals().subList(stale, h.signals().size())).as("stale once, not on every probe")
                        .noneMatch(Signal::wentStale);

                replica.start();
                awaitPsql(primary, "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", "1");
                h.probes(2);
                assertThat(h.series(replicaTarget, "replay_paused").orElseThrow().stale()).as("back: fresh").isFalse();
                assertThat(h.series(fromPrimary, "replication_lag_bytes").orElseThrow().stale()).isFalse();
            }
        }
    }
}
