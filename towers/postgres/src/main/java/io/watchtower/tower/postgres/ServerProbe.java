package io.watchtower.tower.postgres;

import static io.watchtower.tower.postgres.PostgresTowerFactory.CONNECTION_USAGE;
import static io.watchtower.tower.postgres.PostgresTowerFactory.CONNECT_FAILURES;
import static io.watchtower.tower.postgres.PostgresTowerFactory.CONNECT_TIME;
import static io.watchtower.tower.postgres.PostgresTowerFactory.IDLE_IN_TRANSACTION;
import static io.watchtower.tower.postgres.PostgresTowerFactory.IDLE_IN_TRANSACTION_AGE;
import static io.watchtower.tower.postgres.PostgresTowerFactory.LOCK_WAITERS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.LONGEST_LOCK_WAIT;
import static io.watchtower.tower.postgres.PostgresTowerFactory.LONGEST_QUERY;
import static io.watchtower.tower.postgres.PostgresTowerFactory.LONGEST_TRANSACTION;
import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLAY_LAG_BYTES;
import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLAY_LAG_SECONDS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLAY_PAUSED;
import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLICAS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.ROLE;
import static io.watchtower.tower.postgres.PostgresTowerFactory.ROUND_TRIP_TIME;
import static io.watchtower.tower.postgres.PostgresTowerFactory.SLOT_RETAINED_WAL;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.TowerClock;
import io.watchtower.spi.TowerLogger;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Looks at one server per probe: every few probes ({@link ConnectCadence}) opens (and closes) a new
 * session to time it, then runs a few catalog queries over a pooled read-only session: four
 * statements on a primary with replicas, three otherwise, one more while sessions wait on locks.
 */
final class ServerProbe implements AutoCloseable {

    /** One row: activity, connection use, role, and the role's replication figures. */
    static final String SERVER_QUERY = "SELECT pg_is_in_recovery() AS in_recovery,"
            + " current_setting('max_connections')::int AS max_connections,"
            + " count(*) FILTER (WHERE a.backend_type = 'client backend') AS connections,"
            + " count(*) FILTER (WHERE a.state LIKE 'idle in transaction%') AS idle_in_tx,"
            + " coalesce(max(extract(epoch FROM clock_timestamp() - a.state_change)) FILTER (WHERE a.state LIKE 'idle in transaction%'), 0) AS idle_in_tx_age,"
            + " (array_agg(a.pid ORDER BY a.state_change) FILTER (WHERE a.state LIKE 'idle in transaction%'))[1] AS idle_in_tx_pid,"
            + " coalesce(max(extract(epoch FROM clock_timestamp() - a.query_start)) FILTER (WHERE a.state = 'active' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()), 0) AS longest_query,"
            + " (array_agg(a.pid ORDER BY a.query_start) FILTER (WHERE a.state = 'active' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()))[1] AS longest_query_pid,"
            + " coalesce(max(extract(epoch FROM clock_timestamp() - a.xact_start)) FILTER (WHERE a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()), 0) AS longest_xact,"
            + " (array_agg(a.pid ORDER BY a.xact_start) FILTER (WHERE a.xact_start IS NOT NULL AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()))[1] AS longest_xact_pid,"
            + " count(*) FILTER (WHERE a.wait_event_type = 'Lock') AS lock_waiters,"
            + " coalesce(max(extract(epoch FROM clock_timestamp() - a.query_start)) FILTER (WHERE a.wait_event_type = 'Lock'), 0) AS longest_lock_wait,"
            + " CASE WHEN NOT pg_is_in_recovery() THEN (SELECT count(*) FROM pg_stat_replication) END AS senders,"
            + " CASE WHEN NOT pg_is_in_recovery() THEN (SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming') END AS replicas,"
            + " CASE WHEN NOT pg_is_in_recovery() THEN (SELECT coalesce(max(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)), 0) FROM pg_replication_slots) END AS slot_retained,"
            + " CASE WHEN NOT pg_is_in_recovery() THEN (SELECT slot_name FROM pg_replication_slots WHERE restart_lsn IS NOT NULL ORDER BY restart_lsn LIMIT 1) END AS slot_name,"
            + " CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() END AS replay_paused,"
            + " CASE WHEN pg_is_in_recovery() THEN coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0) END AS replay_lag_bytes,"
            + " CASE WHEN pg_is_in_recovery() THEN CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0"
            + " ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0) END END AS replay_lag_seconds"
            + " FROM pg_stat_activity a";

    /** Who blocks the sessions waiting on locks: one row per (waiter, blocker). */
    static final String BLOCKERS_QUERY = "SELECT w.pid AS waiting_pid, b.pid AS blocker_pid, b.state AS blocker_state,"
            + " b.usename AS blocker_user, b.application_name AS blocker_application,"
            + " b.query_start AS blocker_query_start, b.xact_start AS blocker_xact_start,"
            + " extract(epoch FROM clock_timestamp() - b.xact_start) AS blocker_xact_age,"
            + " b.wait_event_type = 'Lock' AS blocker_waits"
            + " FROM pg_stat_activity w CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid)"
            + " JOIN pg_stat_activity b ON b.pid = bp.pid WHERE w.wait_event_type = 'Lock' ORDER BY w.pid";

    /** HikariCP's smallest connection and validation timeout, in milliseconds. */
    private static final long MIN_POOL_TIMEOUT = 250;

    private final String towerId;
    private final Session session;
    private final TowerClock clock;
    private final TowerLogger logger;
    private final DatabaseStatistics databases;
    private final ReplicaStatistics replicas;
    private final ConnectCadence cadence;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private long lastSenders;
    private HikariDataSource pool;
    private boolean closed;

    ServerProbe(String towerId, Session session, List<String> databases, int maxDatabases, ConnectCadence cadence,
                TowerClock clock, TowerLogger logger) {
        this.towerId = towerId;
        this.session = session;
        this.cadence = cadence;
        this.clock = clock;
        this.logger = logger;
        this.databases = new DatabaseStatistics(session.server(), databases, maxDatabases, logger);
        this.replicas = new ReplicaStatistics(session.server());
    }

    /**
     * @param out where observations go
     * @param budget how long this server may take: the timed new session (when this probe times
     *        one) half of it at most, then the pooled session's queries what is left
     */
    void observe(Observations out, Duration budget) {
        long until = System.nanoTime() + budget.toNanos();
        TargetObservations server = out.target(session.server());
        if (cadence.next() && !timeNewSession(server, budget.dividedBy(2))) {
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()));
        try (Connection connection = pool(left).getConnection()) {
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, left));
            CatalogReader reader = new CatalogReader(connection, until);
            long started = clock.nanoTime();
            try (ResultSet rs = reader.query("SELECT 1")) {
                rs.next();
            }
            server.gauge(ROUND_TRIP_TIME, (clock.nanoTime() - started) / 1e6);
            boolean primary = observeServer(reader, server);
            databases.observe(reader, out);
            if (primary) {
                replicas.observe(reader, out, lastSenders);
            }
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            if (!lostSight(e)) {
                throw new IllegalStateException("query on " + session.server() + " failed: " + describe(e), e);
            }
            server.unreachable(describe(e));
            cadence.again();
        }
    }

    /**
     * Whether an error means the server cannot be seen: no connection, a refused or broken session,
     * a server shutting down, or a statement cut by the statement timeout (a server too slow to
     * answer a catalog query).
     */
    static boolean lostSight(SQLException e) {
        SQLException root = e;
        while (root.getCause() instanceof SQLException) {
            root = (SQLException) root.getCause();
        }
        String state = root.getSQLState() == null ? "" : root.getSQLState();
        return state.isEmpty() || state.startsWith("08") || state.startsWith("28") || state.startsWith("3D")
                || state.startsWith("57") || state.startsWith("53");
    }

    /**
     * Opens a new session and closes it at once, timing the whole handshake. A refusal for lack
     * of slots is a connect failure; a server that is down or refuses the tower is unreachable.
     *
     * @return whether to go on with the pooled session
     */
    private boolean timeNewSession(TargetObservations server, Duration limit) {
        long started = clock.nanoTime();
        try (Connection ignored = driver.connect(session.jdbcUrl(), session.properties(limit))) {
            server.gauge(CONNECT_TIME, (clock.nanoTime() - started) / 1e6);
            server.ratio(CONNECT_FAILURES, 0, 1);
            return true;
        } catch (SQLException e) {
            cadence.again();
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            server.ratio(CONNECT_FAILURES, 1, 1);
            server.context("connect_error", describe(e));
            if ("53300".equals(e.getSQLState())) {
                // out of slots for a new session: the pooled one still sees the server
                return true;
            }
            if (lostSight(e)) {
                server.unreachable(describe(e));
                return false;
            }
            return true;
        }
    }

    private boolean observeServer(CatalogReader reader, TargetObservations server) throws SQLException {
        long lockWaiters;
        boolean primary;
        try (ResultSet rs = reader.query(SERVER_QUERY)) {
            rs.next();
            primary = !rs.getBoolean("in_recovery");
            server.state(ROLE, primary ? "primary" : "replica");
            int maxConnections = rs.getInt("max_connections");
            long connections = rs.getLong("connections");
            server.gauge(CONNECTION_USAGE, maxConnections > 0 ? (double) connections / maxConnections : 0);
            server.context("connections", connections + " of max_connections " + maxConnections);
            long idle = rs.getLong("idle_in_tx");
            server.gauge(IDLE_IN_TRANSACTION, idle);
            server.gauge(IDLE_IN_TRANSACTION_AGE, rs.getDouble("idle_in_tx_age"));
            if (idle > 0) {
                server.context("idle_in_transaction_pid", rs.getString("idle_in_tx_pid"));
                server.context("idle_in_transaction_for", seconds(rs.getDouble("idle_in_tx_age")));
            }
            double longestQuery = rs.getDouble("longest_query");
            server.gauge(LONGEST_QUERY, longestQuery);
            if (rs.getString("longest_query_pid") != null) {
                server.context("longest_query_pid", rs.getString("longest_query_pid"));
                server.context("longest_query_for", seconds(longestQuery));
            }
            double longestXact = rs.getDouble("longest_xact");
            server.gauge(LONGEST_TRANSACTION, longestXact);
            if (rs.getString("longest_xact_pid") != null) {
                server.context("longest_transaction_pid", rs.getString("longest_xact_pid"));
                server.context("longest_transaction_for", seconds(longestXact));
            }
            lockWaiters = rs.getLong("lock_waiters");
            server.gauge(LOCK_WAITERS, lockWaiters);
            server.gauge(LONGEST_LOCK_WAIT, rs.getDouble("longest_lock_wait"));
            if (primary) {
                lastSenders = rs.getLong("senders");
                server.gauge(REPLICAS, rs.getLong("replicas"));
                server.gauge(SLOT_RETAINED_WAL, rs.getDouble("slot_retained"));
                if (rs.getString("slot_name") != null) {
                    server.context("oldest_slot", rs.getString("slot_name"));
                }
            } else {
                boolean paused = rs.getBoolean("replay_paused");
                server.gauge(REPLAY_PAUSED, paused ? 1 : 0);
                server.gauge(REPLAY_LAG_BYTES, rs.getDouble("replay_lag_bytes"));
                server.gauge(REPLAY_LAG_SECONDS, rs.getDouble("replay_lag_seconds"));
            }
        }
        if (lockWaiters > 0) {
            describeBlockers(reader, server);
        }
        return primary;
    }

    /**
     * Names the session at the head of the lock queue: the blocker of the most waiters that is not
     * itself waiting for a lock.
     */
    private void describeBlockers(CatalogReader reader, TargetObservations server) throws SQLException {
        Map<String, BlockerSummary> blockers = new java.util.LinkedHashMap<>();
        java.util.Set<String> waiting = new java.util.TreeSet<>();
        try (ResultSet rs = reader.query(BLOCKERS_QUERY)) {
            while (rs.next()) {
                String waiter = rs.getString("waiting_pid");
                waiting.add(waiter);
                BlockerSummary b = blockers.computeIfAbsent(rs.getString("blocker_pid"), pid -> new BlockerSummary());
                b.pid = rs.getString("blocker_pid");
                b.state = rs.getString("blocker_state");
                b.user = rs.getString("blocker_user");
                b.application = rs.getString("blocker_application");
                b.queryStart = rs.getString("blocker_query_start");
                b.xactStart = rs.getString("blocker_xact_start");
                b.xactAge = rs.getDouble("blocker_xact_age");
                b.waits = rs.getBoolean("blocker_waits");
                b.blocked.add(waiter);
            }
        }
        BlockerSummary head = null;
        for (BlockerSummary b : blockers.values()) {
            if (head == null || (head.waits && !b.waits)
                    || (head.waits == b.waits && b.blocked.size() > head.blocked.size())) {
                head = b;
            }
        }
        if (head == null) {
            return;
        }
        server.context("blocker_pid", head.pid);
        server.context("blocker_state", String.valueOf(head.state));
        server.context("blocker_user", String.valueOf(head.user));
        server.context("blocker_application", String.valueOf(head.application));
        server.context("blocker_query_start", String.valueOf(head.queryStart));
        server.context("blocker_transaction_start", String.valueOf(head.xactStart));
        server.context("blocker_transaction_age", seconds(head.xactAge));
        server.context("blocked_pids", String.join(",", head.blocked.stream().limit(20).toList()));
        server.context("waiting_pids", String.join(",", waiting.stream().limit(20).toList()));
    }

    private static final class BlockerSummary {
        String pid;
        String state;
        String user;
        String application;
        String queryStart;
        String xactStart;
        double xactAge;
        boolean waits;
        final java.util.Set<String> blocked = new java.util.TreeSet<>();
    }

    /**
     * @param connectMillis how long getting the pooled session may take in this probe (a new one
     *        is made when the previous broke)
     */
    private synchronized HikariDataSource pool(long connectMillis) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (pool == null) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(session.jdbcUrl());
            session.properties().forEach((k, v) -> {
                try {
                    source.setProperty((String) k, (String) v);
                } catch (SQLException e) {
                    throw new IllegalStateException("driver rejects property " + k, e);
                }
            });
            HikariConfig config = new HikariConfig();
            config.setDataSource(source);
            config.setPoolName("watchtower-" + towerId + "-" + session.server());
            config.setMaximumPoolSize(1);
            // connections are made when a probe asks for one, never in the background: a server
            // that is down sees one attempt per probe, not a pool retrying between probes
            config.setMinimumIdle(0);
            config.setIdleTimeout(0);
            config.setConnectionTimeout(Math.max(MIN_POOL_TIMEOUT, connectMillis));
            config.setValidationTimeout(MIN_POOL_TIMEOUT);
            config.setInitializationFailTimeout(-1);
            config.setReadOnly(true);
            config.setAutoCommit(true);
            config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
            config.setRegisterMbeans(false);
            pool = new HikariDataSource(config);
        } else {
            // one of the settings HikariCP lets a running pool change
            pool.setConnectionTimeout(Math.max(MIN_POOL_TIMEOUT, connectMillis));
        }
        return pool;
    }

    static String describe(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReplyTooLargeException) {
                // the driver reports only that the connection failed; say why
                return cause.getMessage();
            }
        }
        Throwable t = e;
        // the pool wraps the driver's exception: report the driver's words
        while (t.getCause() instanceof SQLException) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        return (newline > 0 ? message.substring(0, newline) : message).strip();
    }

    static String seconds(double value) {
        return String.format(Locale.ROOT, "%.1f s", value);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public String toString() {
        return "ServerProbe[" + session + "]";
    }
}
