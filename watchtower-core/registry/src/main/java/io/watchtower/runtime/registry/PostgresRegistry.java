package io.watchtower.runtime.registry;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The fleet registry in PostgreSQL: HikariCP pool, schema migrated by Flyway on first use
 * ({@code db/registry/V*.sql}), idempotent writes. A failing call throws {@link RegistryUnavailableException}.
 */
public final class PostgresRegistry implements RegistryStore {

    private final HikariDataSource pool;
    private final PostgresSettings settings;
    private volatile boolean migrated;

    /**
     * Creates the pool; connects lazily, so a registry that is down does not stop the daemon.
     *
     * @param settings where and how to connect
     */
    public PostgresRegistry(PostgresSettings settings) {
        this.settings = settings;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        config.setConnectionTimeout(1000);
        config.setValidationTimeout(500);
        config.setInitializationFailTimeout(-1);
        config.setPoolName("watchtower-registry");
        config.addDataSourceProperty("connectTimeout", "2");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("ApplicationName", "watchtower-registry");
        this.pool = new HikariDataSource(config);
    }

    /** Applies pending schema migrations (Flyway takes PostgreSQL's migration lock, so daemons may race). */
    void migrate() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                try {
                    // its own connections, not the pool's: Flyway holds one for its lock and works on another
                    Flyway.configure(PostgresRegistry.class.getClassLoader())
                            .dataSource(settings.jdbcUrl(), settings.user(), settings.password())
                            .locations("classpath:db/registry").table("watchtower_schema_history")
                            .baselineOnMigrate(true).load().migrate();
                } catch (RuntimeException e) {
                    throw new RegistryUnavailableException("cannot migrate the registry schema: " + describe(e), e);
                }
                migrated = true;
            }
        }
    }

    /** The innermost message; a TLS failure also names the trust and server name it was about. */
    private String describe(Throwable e) {
        for (Throwable t = e; t != null && settings.tls() != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return settings.tls().handshakeFailure(settings.redactedUrl(), innermost(t));
            }
        }
        return innermost(e).getMessage() == null ? innermost(e).toString() : innermost(e).getMessage();
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** SQL run in one transaction. @param <T> its result */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs a read in autocommit: no BEGIN/COMMIT round trips. */
    private <T> T read(Work<T> work) {
        migrate();
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new RegistryUnavailableException("registry: " + describe(e), e);
        }
    }

    private <T> T inTransaction(Work<T> work) {
        migrate();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the pool drops it
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new RegistryUnavailableException("registry: " + describe(e), e);
        }
    }

    static OffsetDateTime time(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }

    static long millis(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant().toEpochMilli();
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }

    private static void setDouble(PreparedStatement ps, int i, Double d) throws SQLException {
        if (d == null || !Double.isFinite(d)) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, d);
        }
    }

    @Override
    public void putTowers(String host, List<TowerRecord> towers) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO towers (host, tower_id, type, component, version,"
                    + " config_hash, started_at, heartbeat_at, heartbeat_interval_ms) VALUES (?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (host, tower_id) DO UPDATE SET type = excluded.type, component = excluded.component,"
                    + " version = excluded.version, config_hash = excluded.config_hash, started_at = excluded.started_at,"
                    + " heartbeat_at = GREATEST(towers.heartbeat_at, excluded.heartbeat_at),"
                    + " heartbeat_interval_ms = excluded.heartbeat_interval_ms")) {
                for (TowerRecord t : towers) {
                    ps.setString(1, host);
                    ps.setString(2, t.id());
                    ps.setString(3, t.type());
                    ps.setString(4, t.component());
                    ps.setString(5, t.version());
                    ps.setString(6, t.configHash());
                    ps.setObject(7, time(t.startedMs()));
                    ps.setObject(8, time(t.heartbeatMs()));
                    ps.setLong(9, t.heartbeatIntervalMs());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            String[] ids = towers.stream().map(TowerRecord::id).toArray(String[]::new);
            for (String table : List.of("towers", "baselines")) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table
                        + " WHERE host = ? AND NOT (tower_id = ANY (?))")) {
                    ps.setString(1, host);
                    ps.setArray(2, c.createArrayOf("text", ids));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public void heartbeat(String host, Collection<String> towers, long atMs, long intervalMs) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE towers SET heartbeat_at = GREATEST(heartbeat_at, ?),"
                    + " heartbeat_interval_ms = ? WHERE host = ? AND tower_id = ANY (?)")) {
                ps.setObject(1, time(atMs));
                ps.setLong(2, intervalMs);
                ps.setString(3, host);
                ps.setArray(4, c.createArrayOf("text", towers.toArray(new String[0])));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void putBaselines(List<BaselineRecord> baselines) {
        if (baselines.isEmpty()) {
            return;
        }
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO baselines (host, series, tower_id, target,"
                    + " check_name, component, unit, season_bucket, expected, lower_bound, upper_bound, last_value,"
                    + " confidence, samples, learned_since, updated_at, revisions, state, flapping, stale_since,"
                    + " feedback) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?)"
                    + " ON CONFLICT (host, series, season_bucket) DO UPDATE SET tower_id = excluded.tower_id,"
                    + " target = excluded.target, check_name = excluded.check_name, component = excluded.component,"
                    + " unit = excluded.unit, expected = excluded.expected, lower_bound = excluded.lower_bound,"
                    + " upper_bound = excluded.upper_bound, last_value = excluded.last_value,"
                    + " confidence = excluded.confidence, samples = excluded.samples,"
                    + " learned_since = excluded.learned_since, updated_at = excluded.updated_at,"
                    + " revisions = baselines.revisions + 1, state = excluded.state, flapping = excluded.flapping,"
                    + " stale_since = excluded.stale_since, feedback = excluded.feedback"
                    + " WHERE baselines.updated_at < excluded.updated_at")) {
                for (BaselineRecord b : baselines) {
                    ps.setString(1, b.host());
                    ps.setString(2, b.series());
                    ps.setString(3, b.tower());
                    ps.setString(4, b.target());
                    ps.setString(5, b.check());
                    ps.setString(6, b.component());
                    ps.setString(7, b.unit());
                    ps.setString(8, b.seasonBucket());
                    setDouble(ps, 9, b.expected());
                    setDouble(ps, 10, b.lower());
                    setDouble(ps, 11, b.upper());
                    setDouble(ps, 12, b.lastValue());
                    ps.setString(13, b.confidence());
                    ps.setLong(14, b.samples());
                    ps.setObject(15, time(b.learnedSinceMs()));
                    ps.setObject(16, time(b.updatedMs()));
                    ps.setString(17, b.state());
                    ps.setBoolean(18, b.flapping());
                    ps.setObject(19, b.staleSinceMs() == null ? null : time(b.staleSinceMs()),
                            java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                    ps.setString(20, SeriesFeedbackJson.write(b.feedback()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void putSignals(List<SignalRecord> signals) {
        if (signals.isEmpty()) {
            return;
        }
        inTransaction(c -> {
            List<SignalRecord> inserted = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signals (id, host, tower_id, component,"
                    + " check_name, kind, state, severity, fingerprint, at, summary, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (id) DO NOTHING")) {
                for (SignalRecord s : signals) {
                    ps.setString(1, s.id());
                    ps.setString(2, s.host());
                    ps.setString(3, s.tower());
                    ps.setString(4, s.component());
                    ps.setString(5, s.check());
                    ps.setString(6, s.kind());
                    ps.setString(7, s.state());
                    ps.setString(8, s.severity());
                    ps.setString(9, s.fingerprint());
                    ps.setObject(10, time(s.atMs()));
                    ps.setString(11, s.summary());
                    ps.setString(12, s.json());
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        inserted.add(signals.get(i));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signal_state (host, fingerprint, signal_id,"
                    + " state, component, at) VALUES (?,?,?,?,?,?) ON CONFLICT (host, fingerprint) DO UPDATE SET"
                    + " signal_id = excluded.signal_id, state = excluded.state, component = excluded.component,"
                    + " at = excluded.at WHERE signal_state.at <= excluded.at")) {
                for (SignalRecord s : inserted) {
                    ps.setString(1, s.host());
                    ps.setString(2, s.fingerprint());
                    ps.setString(3, s.id());
                    ps.setString(4, s.state());
                    ps.setString(5, s.component());
                    ps.setObject(6, time(s.atMs()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<TowerRecord> towers(String host) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM towers"
                    + (host == null ? "" : " WHERE host = ?") + " ORDER BY host, tower_id")) {
                if (host != null) {
                    ps.setString(1, host);
                }
                List<TowerRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(tower(rs));
                    }
                }
                return out;
            }
        });
    }

    static TowerRecord tower(ResultSet rs) throws SQLException {
        return new TowerRecord(rs.getString("host"), rs.getString("tower_id"), rs.getString("type"),
                rs.getString("component"), rs.getString("version"), rs.getString("config_hash"),
                millis(rs, "started_at"), millis(rs, "heartbeat_at"), rs.getLong("heartbeat_interval_ms"));
    }

    private static BaselineRecord baseline(ResultSet rs) throws SQLException {
        return new BaselineRecord(rs.getString("host"), rs.getString("series"), rs.getString("tower_id"),
                rs.getString("target"), rs.getString("check_name"), rs.getString("component"), rs.getString("unit"),
                rs.getString("season_bucket"), nullableDouble(rs, "expected"), nullableDouble(rs, "lower_bound"),
                nullableDouble(rs, "upper_bound"), nullableDouble(rs, "last_value"), rs.getString("confidence"),
                rs.getLong("samples"), millis(rs, "learned_since"), millis(rs, "updated_at"), rs.getLong("revisions"),
                rs.getString("state"), rs.getBoolean("flapping"),
                rs.getObject("stale_since") == null ? null : millis(rs, "stale_since"),
                SeriesFeedbackJson.read(rs.getString("feedback")));
    }

    private static SignalRecord signal(ResultSet rs) throws SQLException {
        return new SignalRecord(rs.getString("id"), rs.getString("host"), rs.getString("tower_id"),
                rs.getString("component"), rs.getString("check_name"), rs.getString("kind"), rs.getString("state"),
                rs.getString("severity"), rs.getString("fingerprint"), millis(rs, "at"), rs.getString("summary"),
                rs.getString("body"));
    }

    @Override
    public List<BaselineRecord> baselines(BaselineQuery query) {
        StringBuilder sql = new StringBuilder("SELECT DISTINCT ON (host, series) * FROM baselines WHERE true");
        List<String> args = new ArrayList<>();
        if (query.component() != null) {
            sql.append(" AND component = ?");
            args.add(query.component());
        }
        if (query.check() != null) {
            sql.append(" AND check_name = ?");
            args.add(query.check());
        }
        if (query.host() != null) {
            sql.append(" AND host = ?");
            args.add(query.host());
        }
        sql.append(" ORDER BY host, series, updated_at DESC");
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                List<BaselineRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(baseline(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<BaselineRecord> seriesBaselines(String host, String series) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM baselines WHERE series = ?"
                    + (host == null ? "" : " AND host = ?") + " ORDER BY host, season_bucket")) {
                ps.setString(1, series);
                if (host != null) {
                    ps.setString(2, host);
                }
                List<BaselineRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(baseline(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<SignalRecord> signals(SignalQuery query) {
        boolean firing = "firing".equals(query.state());
        StringBuilder sql = new StringBuilder(firing
                ? "SELECT s.* FROM signal_state st JOIN signals s ON s.id = st.signal_id WHERE st.state = 'firing'"
                : "SELECT s.* FROM signals s WHERE true");
        List<Object> args = new ArrayList<>();
        if (query.component() != null) {
            sql.append(" AND s.component = ?");
            args.add(query.component());
        }
        if (query.host() != null) {
            sql.append(" AND s.host = ?");
            args.add(query.host());
        }
        if (query.state() != null && !firing) {
            sql.append(" AND s.state = ?");
            args.add(query.state());
        }
        if (query.sinceMs() != Long.MIN_VALUE) {
            sql.append(" AND s.at >= ?");
            args.add(time(query.sinceMs()));
        }
        if (query.untilMs() != Long.MAX_VALUE) {
            sql.append(" AND s.at < ?");
            args.add(time(query.untilMs()));
        }
        sql.append(" ORDER BY s.at DESC, s.host DESC LIMIT ").append(Math.max(0, query.limit()));
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<SignalRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(signal(rs));
                    }
                }
                Collections.reverse(out);
                return out;
            }
        });
    }

    @Override
    public long prune(long beforeMs) {
        return inTransaction(c -> {
            long deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM signals s WHERE s.at < ? AND NOT EXISTS"
                    + " (SELECT 1 FROM signal_state st WHERE st.signal_id = s.id AND st.state = 'firing')")) {
                ps.setObject(1, time(beforeMs));
                deleted = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM signal_state WHERE state <> 'firing' AND at < ?")) {
                ps.setObject(1, time(beforeMs));
                ps.executeUpdate();
            }
            return deleted;
        });
    }

    /** @param work SQL to run in one transaction @param <T> its result @return the result */
    <T> T transaction(Work<T> work) {
        return inTransaction(work);
    }

    @Override
    public void close() {
        pool.close();
    }
}
