package io.watchtower.tower.postgres;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The postgres tower against a real primary and streaming replica: each fault is induced for
 * real, must fire within a few probes and resolve once it is cleared, and the tower's own
 * statements (in the server's statement log) must all be reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTowerTest {

    static final PostgresTowerFactory FACTORY = new PostgresTowerFactory();
    static final String GLOBAL = "baseline.warm-up = 5";
    static final int MAX_CONNECTIONS = 20;

    private PostgresServer primary;
    private PostgresServer replica;

    @BeforeAll
    void startServers() {
        primary = PostgresServer.builder().maxConnections(MAX_CONNECTIONS)
                .setting("log_min_duration_statement", "0")
                .setting("log_line_prefix", "%m [%p] app=%a ")
                .setting("autovacuum", "off")
                .start();
        primary.psql("postgres", "CREATE ROLE watchtower LOGIN PASSWORD 'not-checked-under-trust';"
                + " GRANT pg_monitor TO watchtower;"
                + " CREATE TABLE items(id int PRIMARY KEY, v int); INSERT INTO items VALUES (1, 0), (2, 0);"
                + " CREATE TABLE filler(id int, pad text)");
        replica = PostgresServer.replicaOf(primary);
    }

    @AfterAll
    void stopServers() {
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    static String block(PostgresServer... servers) {
        List<String> quoted = new ArrayList<>();
        for (PostgresServer s : servers) {
            quoted.add("\"127.0.0.1:" + s.port() + "\"");
        }
        return "interval = 10s\ntimeout = 5s\nuser = watchtower\npassword = \"not-checked-under-trust\"\n"
                + "servers = [" + String.join(", ", quoted) + "]";
    }

    static String target(PostgresServer s) {
        return "127.0.0.1:" + s.port();
    }

    static TowerHarness harness(PostgresServer... servers) {
        return TowerHarness.of(FACTORY, block(servers), GLOBAL, new FakeClock());
    }

    static Predicate<Signal> firing(String target, String check) {
        return s -> s.firing() && s.target().equals(target) && s.check().equals(check);
    }

    static Predicate<Signal> resolved(String target, String check) {
        return s -> !s.firing() && s.target().equals(target) && s.check().equals(check);
    }

    static Signal last(TowerHarness h, Predicate<Signal> which) {
        return h.signals().stream().filter(which).reduce((a, b) -> b).orElseThrow();
    }

    Connection superuser(PostgresServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl("postgres"), PostgresServer.USER, "");
    }

    static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aLockHeldWithTwoBlockedSessionsFiresNamingTheBlocker() throws Exception {
        String server = target(primary);
        ExecutorService waiters = Executors.newFixedThreadPool(2);
        try (TowerHarness h = harness(primary); Connection holder = superuser(primary);
             Connection first = superuser(primary); Connection second = superuser(primary)) {
            assertThat(h.probes(6)).noneMatch(firing(server, "lock_waiters"));

            int holderPid = pid(holder);
            int firstPid = pid(first);
            int secondPid = pid(second);
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");
            }
            List<Future<?>> blocked = new ArrayList<>();
            for (Connection c : List.of(first, second)) {
                blocked.add(waiters.submit(() -> {
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("SELECT count(*) FROM items").close();
                    }
                    return null;
                }));
            }
            awaitPsql(primary, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", "2");

            Optional<Integer> fired = h.probesUntil(firing(server, "lock_waiters"), 5);
            assertThat(fired).as("lock_waiters fires within 5 probes").isPresent();
            Signal signal = last(h, firing(server, "lock_waiters"));
            assertThat(signal.observed()).isEqualTo(2.0);
            assertThat(signal.context()).containsEntry("blocker_pid", Integer.toString(holderPid))
                    .containsEntry("blocker_state", "idle in transaction")
                    .containsKeys("blocker_query_start", "blocker_transaction_age");
            assertThat(signal.context().get("blocked_pids").split(","))
                    .containsExactlyInAnyOrder(Integer.toString(firstPid), Integer.toString(secondPid));
            assertThat(signal.target()).as("no pid in the series name").isEqualTo(server);

            holder.rollback();
            for (Future<?> f : blocked) {
                f.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(h.probesUntil(resolved(server, "lock_waiters"), 6)).as("resolves after release").isPresent();
        } finally {
            waiters.shutdownNow();
        }
        assertTowerWroteNothing();
    }

    @Test
    void anIdleInTransactionSessionFiresWithItsPidAndResolvesWhenItEnds() throws Exception {
        String server = target(primary);
        try (TowerHarness h = harness(primary); Connection idle = superuser(primary)) {
            assertThat(h.probes(6)).noneMatch(firing(server, "idle_in_transaction"));
            idle.setAutoCommit(false);
            try (Statement s = idle.createStatement()) {
                s.executeQuery("SELECT v FROM items WHERE id = 1").close();
            }
            assertThat(h.probesUntil(firing(server, "idle_in_transaction"), 5))
                    .as("fires within 5 probes; series %s", h.series(server, "idle_in_transaction")).isPresent();
            Signal signal = last(h, firing(server, "idle_in_transaction"));
            assertThat(signal.observed()).isEqualTo(1.0);
            assertThat(signal.context()).containsEntry("idle_in_transaction_pid", Integer.toString(pid(idle)));

            idle.rollback();
            assertThat(h.probesUntil(resolved(server, "idle_in_transaction"), 6)).isPresent();
        }
        assertTowerWroteNothing();
    }

    @Test
    void connectionsNearMaxConnectionsFireTheGuardrailAndRefusedSessions() throws Exception {
        String server = target(primary);
        List<Connection> held = new ArrayList<>();
        try (TowerHarness h = harness(primary)) {
            assertThat(h.probes(3)).noneMatch(firing(server, "connection_usage"));
            // 17 of 20 slots plus the tower's own session: 90% used, and the 3 slots left are
            // reserved for superusers, so the tower's new sessions are refused
            for (int i = 0; i < 17; i++) {
                held.add(superuser(primary));
            }
            assertThat(h.probesUntil(firing(server, "connection_usage"), 5)).isPresent();
            Signal usage = last(h, firing(server, "connection_usage"));
            assertThat(usage.kind()).isEqualTo(SignalKind.THRESHOLD);
            assertThat(usage.observed()).isGreaterThan(0.85);
            assertThat(usage.context().get("connections")).endsWith("of max_connections " + MAX_CONNECTIONS);
            assertThat(h.signals()).anyMatch(firing(server, "connect_failures"));
            assertThat(last(h, firing(server, "connect_failures")).context().get("connect_error"))
                    .contains("reserved");
            assertThat(h.signals()).as("the pooled session keeps the server in sight")
                    .noneMatch(s -> s.kind() == SignalKind.UNREACHABLE);

            for (Connection c : held) {
                c.close();
            }
            held.clear();
            assertThat(h.probesUntil(resolved(server, "connection_usage"), 6)).isPresent();
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertTowerWroteNothing();
    }

    @Test
    void pausedReplayOnTheReplicaFiresOnBothSidesAndResolvesAfterResume() {
        String replicaTarget = target(replica);
        try (TowerHarness h = harness(primary, replica)) {
            h.probes(6);
            assertThat(h.signals()).noneMatch(s -> s.firing() && s.check().startsWith("repl"));
            String replicaSeries = h.series().stream().map(v -> v.key().target())
                    .filter(t -> t.startsWith(target(primary) + "/replica:")).findFirst()
                    .orElseThrow(() -> new AssertionError("the primary reports its replica: " + h.series()));

            replica.psql("postgres", "SELECT pg_wal_replay_pause()");
            primary.psql("postgres", "INSERT INTO filler SELECT g, repeat('x', 100) FROM generate_series(1, 60000) g");

            assertThat(h.probesUntil(firing(replicaTarget, "replay_paused"), 5)).isPresent();
            assertThat(last(h, firing(replicaTarget, "replay_paused")).kind()).isEqualTo(SignalKind.THRESHOLD);
            int more = 0;
            while (more++ < 5 && !(h.signals().stream().anyMatch(firing(replicaTarget, "replay_lag_bytes"))
                    && h.signals().stream().anyMatch(firing(replicaSeries, "replication_lag_bytes")))) {
                h.probe();
            }
            Signal replay = last(h, firing(replicaTarget, "replay_lag_bytes"));
            assertThat(replay.observed()).isGreaterThan(1024 * 1024);
            Signal fromPrimary = last(h, firing(replicaSeries, "replication_lag_bytes"));
            assertThat(fromPrimary.observed()).isGreaterThan(1024 * 1024);
            double lagBefore = h.series(replicaSeries, "replication_lag_bytes").orElseThrow().last().value();
            primary.psql("postgres", "INSERT INTO filler SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g");
            h.probe();
            assertThat(h.series(replicaSeries, "replication_lag_bytes").orElseThrow().last().value())
                    .as("lag keeps growing while replay is paused").isGreaterThan(lagBefore);

            replica.psql("postgres", "SELECT pg_wal_replay_resume()");
            awaitPsql(replica, "SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()", "t");
            for (int i = 0; i < 8 && h.signals().stream().filter(s -> s.check().startsWith("repl"))
                    .anyMatch(s -> isStillFiring(h, s)); i++) {
                h.probe();
            }
            assertThat(h.signals()).anyMatch(resolved(replicaTarget, "replay_paused"))
                    .anyMatch(resolved(replicaTarget, "replay_lag_bytes"))
                    .anyMatch(resolved(replicaSeries, "replication_lag_bytes"));
        } finally {
            replica.psql("postgres", "SELECT CASE WHEN pg_is_wal_replay_paused() THEN pg_wal_replay_resume() END");
        }
        assertTowerWroteNothing();
    }

    private static boolean isStillFiring(TowerHarness h, Signal s) {
        return h.series(s.target(), s.check()).map(v -> v.firing()).orElse(false);
    }

    @Test
    void aStoppedServerIsUnreachableAndResolvesWhenItIsBack() {
        try (PostgresServer alone = PostgresServer.builder().maxConnections(10).start()) {
            alone.psql("postgres", "CREATE ROLE watchtower LOGIN; GRANT pg_monitor TO watchtower");
            String server = target(alone);
            try (TowerHarness h = harness(alone)) {
                assertThat(h.probes(3)).isEmpty();
                alone.stop();
                assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
                Signal down = last(h, s -> s.kind() == SignalKind.UNREACHABLE);
                assertThat(down.target()).isEqualTo(server);
                assertThat(down.context().get("reason")).isNotBlank();

                alone.start();
                assertThat(h.probesUntil(s -> !s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
                assertThat(h.lastResult().observations()).anySatisfy(o -> assertThat(o.check()).isEqualTo("round_trip_time"));
            }
        }
    }

    @Test
    void cacheHitRatioIsJudgedOnTheBlockReadsSinceThePreviousProbeAndAStatisticsResetIsAGap() throws SQLException {
        String target = target(primary) + "/postgres";
        try (TowerHarness h = harness(primary);
             Connection c = superuser(primary); Statement s = c.createStatement()) {
            // small enough (about 60 pages) that a scan uses shared buffers, not a ring of its own
            s.execute("CREATE TABLE IF NOT EXISTS cached AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 2000) g");
            s.execute("SELECT count(*) FROM cached");
            h.probe();
            assertThat(h.series(target, "cache_hit_ratio").orElseThrow().last().value())
                    .as("the first totals are no ratio yet").isNaN();
            for (int i = 0; i < 20; i++) {
                s.execute("SELECT count(*) FROM cached");
            }
            s.execute("SELECT pg_stat_force_next_flush()");
            h.probe();
            io.watchtower.runtime.series.SeriesView ratio = h.series(target, "cache_hit_ratio").orElseThrow();
            assertThat(ratio.last().value()).as("a table read 20 times is served from shared buffers")
                    .isGreaterThan(0.9).isLessThanOrEqualTo(1.0);
            assertThat(ratio.unit()).isEqualTo("ratio");

            s.execute("SELECT pg_stat_reset()");
            s.execute("SELECT pg_stat_force_next_flush()");
            h.probe();
            assertThat(h.series(target, "cache_hit_ratio").orElseThrow().last().value())
                    .as("totals that went down are a reset: a gap").isNaN();
        }
    }

    @Test
    void rollbacksAreJudgedOnTheTransactionsSinceThePreviousProbe() throws SQLException {
        String target = target(primary) + "/postgres";
        try (TowerHarness h = harness(primary)) {
            h.probe();
            assertThat(h.series(target, "rollbacks").orElseThrow().last().value())
                    .as("the first totals are no ratio yet").isNaN();
            // committed transactions only: the tower's own pooled session may not have flushed its statistics yet
            try (Connection c = superuser(primary); Statement s = c.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    s.execute("SELECT 1");
                }
                s.execute("SELECT pg_stat_force_next_flush()");
            }
            h.probe();
            double quiet = h.series(target, "rollbacks").orElseThrow().last().value();
            try (Connection c = superuser(primary); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 0; i < 50; i++) {
                    s.execute("SELECT 1");
                    c.rollback();
                }
                c.setAutoCommit(true);
                s.execute("SELECT pg_stat_force_next_flush()");
            }
            h.probe();
            double after = h.series(target, "rollbacks").orElseThrow().last().value();
            assertThat(quiet).as("no rollbacks between the first two probes").isZero();
            assertThat(after).as("50 rollbacks among the transactions since the previous probe").isGreaterThan(0.3);
        }
    }

    @Test
    void theTowersSessionsAreReadOnlyAndBoundedByConstruction() throws SQLException {
        Session session = new Session(target(primary), "postgres", "watchtower", null, "disable", "watchtower-check",
                Duration.ofSeconds(5), Duration.ofMillis(750), PostgresTowerFactory.DEFAULT_MAX_REPLY_BYTES);
        try (Connection c = new org.postgresql.Driver().connect(session.jdbcUrl(), session.properties());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('default_transaction_read_only'),"
                    + " current_setting('statement_timeout'), current_setting('lock_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
                assertThat(rs.getString(2)).isEqualTo("750ms");
                assertThat(rs.getString(3)).isEqualTo("375ms");
            }
            assertThatThrownBy(() -> s.execute("CREATE TEMP TABLE t(x int)"))
                    .hasMessageContaining("read-only transaction");
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(5)")).hasMessageContaining("statement timeout");
        }
        long before = tuplesWritten();
        try (TowerHarness h = harness(primary, replica)) {
            h.probes(5);
        }
        assertThat(awaitTuplesWritten(before)).as("rows written while the tower probed (pg_stat_database)")
                .isEqualTo(before);
        assertTowerWroteNothing();
    }

    private long tuplesWritten() {
        return Long.parseLong(primary.psql("postgres", "SELECT pg_stat_force_next_flush();"
                + " SELECT sum(tup_inserted + tup_updated + tup_deleted) FROM pg_stat_database").lines()
                .reduce((a, b) -> b).orElseThrow().strip());
    }

    private long awaitTuplesWritten(long expected) {
        // a backend flushes its statistics before it leaves pg_stat_activity
        awaitPsql(primary, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'watchtower'", "0");
        return tuplesWritten();
    }

    /** A statement of the tower's sessions in the log: simple protocol, or an extended-protocol execute. */
    static final java.util.regex.Pattern LOGGED_STATEMENT = java.util.regex.Pattern.compile(
            "app=watchtower .*duration: [0-9.]+ ms  (?:statement|execute [^:]*): (.*)$");

    /** Every statement the tower's sessions ran, from the primary's statement log, is a read. */
    void assertTowerWroteNothing() {
        List<String> statements = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(primary.logFile(), StandardCharsets.UTF_8)) {
                java.util.regex.Matcher m = LOGGED_STATEMENT.matcher(line);
                if (m.find()) {
                    statements.add(m.group(1).strip());
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read the statement log " + primary.logFile(), e);
        }
        assertThat(statements).as("the tower's statements are logged").isNotEmpty();
        assertThat(statements).as("statements the tower ran").allSatisfy(s ->
                assertThat(s).matches("(?s)(SELECT |SHOW ).*|"));
    }

    /** Polls with psql (each call is a real round trip of a few ms) until it prints {@code expected}. */
    static void awaitPsql(PostgresServer server, String sql, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String seen = server.psql("postgres", sql);
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            seen = server.psql("postgres", sql);
        }
        assertThat(seen).as(sql).isEqualTo(expected);
    }
}
