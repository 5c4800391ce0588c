package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.runtime.signal.SignalJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static io.watchtower.runtime.registry.RegistryRecords.baseline;
import static io.watchtower.runtime.registry.RegistryRecords.signal;
import static io.watchtower.runtime.registry.RegistryRecords.tower;
import static org.assertj.core.api.Assertions.assertThat;

/** Against the machine's PostgreSQL (127.0.0.1:5432, trust auth), in a database of its own. */
class PostgresRegistryTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "watchtower_registry_test_" + ProcessHandle.current().pid();
    private static PostgresRegistry registry;

    @BeforeAll
    static void createDatabase() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new AssertionError("this test needs the machine's PostgreSQL on 127.0.0.1:5432 with trust auth for"
                    + " user postgres (.ci/install-test-deps.sh starts it): " + e.getMessage(), e);
        }
        registry = new PostgresRegistry(new PostgresSettings(SERVER + DATABASE, "postgres", null, 2));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        registry.close();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void replayedWritesLeaveNoDuplicateAndNothingGoesBackInTime() throws Exception {
        try (PostgresRegistry second = new PostgresRegistry(new PostgresSettings(SERVER + DATABASE, "postgres", null, 1))) {
            second.migrate(); // a second daemon migrating the same schema finds nothing to do
        }
        registry.putTowers("idem", List.of(tower("idem", "a", 5000), tower("idem", "b", 5000)));
        registry.putTowers("idem", List.of(tower("idem", "a", 4000), tower("idem", "b", 4000)));
        registry.heartbeat("idem", List.of("a"), 3000, 1000);
        assertThat(registry.towers("idem")).extracting(TowerRecord::heartbeatMs).containsExactly(5000L, 5000L);

        SignalRecord fired = signal("idem", "lag", "firing", 1000, 1000);
        SignalRecord resolved = signal("idem", "lag", "resolved", 1000, 9000);
        registry.putSignals(List.of(fired, resolved));
        registry.putSignals(List.of(fired, resolved));
        registry.putSignals(List.of(fired));
        assertThat(count("SELECT count(*) FROM signals WHERE host = 'idem'")).isEqualTo(2);
        SignalQuery firing = new SignalQuery("firing", null, "idem", Long.MIN_VALUE, Long.MAX_VALUE, 10);
        assertThat(registry.signals(firing)).as("a replayed firing does not undo the resolution").isEmpty();
        TestSignals.assertValid(SignalJson.read(registry.signals(new SignalQuery(null, null, "idem", Long.MIN_VALUE,
                Long.MAX_VALUE, 10)).get(0).json()));

        registry.putBaselines(List.of(baseline("idem", "a/x/lag", "global", 100)));
        registry.putBaselines(List.of(baseline("idem", "a/x/lag", "global", 100), baseline("idem", "a/x/lag", "global", 90)));
        registry.putBaselines(List.of(baseline("idem", "a/x/lag", "global", 200), baseline("idem", "a/x/lag", "sat-20h", 150)));
        assertThat(registry.seriesBaselines("idem", "a/x/lag")).extracting(BaselineRecord::seasonBucket,
                BaselineRecord::revisions, BaselineRecord::updatedMs).containsExactly(
                org.assertj.core.groups.Tuple.tuple("global", 2L, 200L), org.assertj.core.groups.Tuple.tuple("sat-20h", 1L, 150L));
        assertThat(registry.baselines(new BaselineQuery("orders-db", "lag", "idem"))).as("current: latest bucket")
                .singleElement().extracting(BaselineRecord::seasonBucket).isEqualTo("global");

        registry.putTowers("idem", List.of(tower("idem", "b", 5000)));
        assertThat(registry.towers("idem")).extracting(TowerRecord::id).containsExactly("b");
        assertThat(registry.seriesBaselines("idem", "a/x/lag")).as("kept only while the tower exists").isEmpty();
    }

    @Test
    void aSeriesCarriesItsStateFlappingAndSinceWhenItIsStale() throws Exception {
        registry.putTowers("states", List.of(tower("states", "a", 5000)));
        registry.putBaselines(List.of(
                baseline("states", "a/db-1/replay_lag_seconds", "global", 100, "stale", false, 40L),
                baseline("states", "a/lb/backend_down", "global", 100, "firing", true, null),
                baseline("states", "a/db-1/connect_time", "global", 100, "ok", false, null)));
        assertThat(registry.baselines(new BaselineQuery(null, null, "states")))
                .extracting(BaselineRecord::check, BaselineRecord::state, BaselineRecord::flapping, BaselineRecord::staleSinceMs)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("replay_lag_seconds", "stale", false, 40L),
                        org.assertj.core.groups.Tuple.tuple("backend_down", "firing", true, null),
                        org.assertj.core.groups.Tuple.tuple("connect_time", "ok", false, null));

        registry.putBaselines(List.of(baseline("states", "a/db-1/replay_lag_seconds", "global", 200, "ok", false, null)));
        assertThat(registry.seriesBaselines("states", "a/db-1/replay_lag_seconds")).singleElement()
                .satisfies(b -> {
                    assertThat(b.state()).as("observed again: fresh").isEqualTo("ok");
                    assertThat(b.staleSinceMs()).isNull();
                });
        registry.putBaselines(List.of(baseline("states", "a/db-1/replay_lag_seconds", "global", 150, "stale", false, 40L)));
        assertThat(registry.seriesBaselines("states", "a/db-1/replay_lag_seconds")).singleElement()
                .extracting(BaselineRecord::state).as("an older publication does not bring stale back").isEqualTo("ok");
    }

    @Test
    void queriesFilterAndPruningKeepsWhatFiresNow() throws Exception {
        SignalRecord old = signal("prune", "lag", "firing", 1000, 1000);
        SignalRecord oldResolved = signal("prune", "lag", "resolved", 1000, 2000);
        SignalRecord stillFiring = signal("prune", "conn", "firing", 3000, 3000);
        SignalRecord recent = signal("prune", "disk", "firing", 90_000, 90_000);
        registry.putSignals(List.of(old, oldResolved, stillFiring, recent));
        assertThat(registry.signals(new SignalQuery("firing", "orders-db", "prune", Long.MIN_VALUE, Long.MAX_VALUE, 10)))
                .extracting(SignalRecord::id).containsExactly(stillFiring.id(), recent.id());
        assertThat(registry.signals(new SignalQuery(null, null, "prune", 1500, 3500, 10))).extracting(SignalRecord::id)
                .containsExactly(oldResolved.id(), stillFiring.id());
        assertThat(registry.signals(new SignalQuery(null, null, "prune", Long.MIN_VALUE, Long.MAX_VALUE, 2)))
                .as("the most recent ones, oldest first").extracting(SignalRecord::id).containsExactly(stillFiring.id(), recent.id());
        registry.prune(50_000);
        assertThat(registry.signals(new SignalQuery(null, null, "prune", Long.MIN_VALUE, Long.MAX_VALUE, 10)))
                .extracting(SignalRecord::id).containsExactly(stillFiring.id(), recent.id());
    }
}
