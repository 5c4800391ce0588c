package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.runtime.time.TimedLoop;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Turns silent towers into {@code blind-spot} signals, on one daemon of the fleet: the one holding
 * a PostgreSQL session advisory lock on its own connection. Every daemon with a fleet registry
 * runs a watch and tries the lock several times per heartbeat interval, so when the holder dies
 * (its session ends, the lock is released) another takes over within one interval.
 *
 * <p>A tower whose heartbeat is older than three of its intervals is raised once (a row in
 * {@code blind_spots} remembers it across leaders) and resolved when it heartbeats again or is
 * removed. Signals go to this daemon's journal, so they reach its channels and the registry.
 */
final class BlindSpotWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlindSpotWatch.class);
    /** The advisory lock key: "WTBLIND\0" as a 64-bit integer. */
    static final long LOCK_KEY = 0x5754424C494E4400L;
    private static final long GRACE_SLACK_MS = 3000;

    private final PostgresSettings settings;
    private final PostgresRegistry fleet;
    private final String host;
    private final TowerClock clock;
    private volatile long tickMs;
    private volatile long graceMs;
    private final Consumer<Signal> journal;
    private final TimedLoop loop;
    private volatile boolean leader;
    private Connection session;
    private long connectedSince;

    BlindSpotWatch(PostgresSettings settings, PostgresRegistry fleet, String host, TowerClock clock,
                   Scheduler scheduler, long heartbeatIntervalMs, Consumer<Signal> journal) {
        this.settings = settings;
        this.fleet = fleet;
        this.host = host;
        this.clock = clock;
        this.tickMs = Math.max(50, heartbeatIntervalMs / 4);
        // after (re)connecting: three intervals, plus the time every publisher may need to notice the
        // registry is back (it retries every second, each failed attempt waits up to its 1 s connect timeout)
        this.graceMs = 3 * heartbeatIntervalMs + GRACE_SLACK_MS;
        this.journal = journal;
        this.loop = new TimedLoop("blind-spot watch", scheduler.lane("blind-spot-watch"), this::look);
        loop.wake();
    }

    /**
     * Follows a new heartbeat interval (a reload changed {@code registry.heartbeat-interval}): how
     * often the watch looks, and the grace after it (re)connects.
     *
     * @param heartbeatIntervalMs the interval
     */
    void heartbeatInterval(long heartbeatIntervalMs) {
        tickMs = Math.max(50, heartbeatIntervalMs / 4);
        graceMs = 3 * heartbeatIntervalMs + GRACE_SLACK_MS;
        loop.wake();
    }

    /** @return whether this daemon holds the lock */
    boolean leader() {
        return leader;
    }

    /** One look, several times per heartbeat interval: the lock, then (as leader) every heartbeat. */
    private Duration look() {
        try {
            step();
        } catch (SQLException | RegistryUnavailableException e) {
            if (leader) {
                LOG.warn("blind-spot watch: lost the registry ({}); another daemon may take over", e.getMessage());
            }
            dropSession();
        } catch (RuntimeException e) {
            LOG.error("blind-spot watch failed", e);
        }
        return Duration.ofMillis(tickMs);
    }

    private void step() throws SQLException {
        if (session == null || !session.isValid(1)) {
            dropSession();
            Properties props = new Properties();
            props.setProperty("user", settings.user());
            if (settings.password() != null) {
                props.setProperty("password", settings.password());
            }
            props.setProperty("connectTimeout", "2");
            props.setProperty("socketTimeout", "10");
            props.setProperty("tcpKeepAlive", "true");
            props.setProperty("ApplicationName", "watchtower-blind-spot-watch");
            fleet.migrate();
            session = DriverManager.getConnection(settings.jdbcUrl(), props);
            connectedSince = clock.now().toEpochMilli();
        }
        if (!leader) {
            try (Statement st = session.createStatement();
                 ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    leader = true;
                    LOG.info("blind-spot watch: this daemon ({}) now watches the fleet's heartbeats", host);
                }
            }
        }
        if (leader) {
            round(clock.now().toEpochMilli());
        }
    }

    private void dropSession() {
        leader = false;
        if (session != null) {
            try {
                session.close();
            } catch (SQLException ignored) {
                // already broken
            }
            session = null;
        }
    }

    /** One look at every tower's heartbeat: the stale ones not raised yet, and the raised ones. */
    void round(long now) {
        if (now - connectedSince <= graceMs) {
            return; // after (re)connecting, give every daemon time to reconnect and heartbeat again
        }
        fleet.transaction(c -> {
            List<TowerRecord> stale = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM towers t WHERE t.heartbeat_at"
                    + " < ? - t.heartbeat_interval_ms * 3 * interval '1 millisecond' AND NOT EXISTS"
                    + " (SELECT 1 FROM blind_spots b WHERE b.host = t.host AND b.tower_id = t.tower_id)")) {
                ps.setObject(1, PostgresRegistry.time(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stale.add(PostgresRegistry.tower(rs));
                    }
                }
            }
            for (TowerRecord t : stale) {
                long since = t.heartbeatMs() + 3 * t.heartbeatIntervalMs();
                journal.accept(SignalComposer.heartbeatBlindSpot(silent(t), true, since, now, host));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO blind_spots (host, tower_id, type,"
                        + " component, version, since, raised_by) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, t.host());
                    ps.setString(2, t.id());
                    ps.setString(3, t.type());
                    ps.setString(4, t.component());
                    ps.setString(5, t.version());
                    ps.setObject(6, PostgresRegistry.time(since));
                    ps.setString(7, host);
                    ps.executeUpdate();
                }
                LOG.warn("blind spot: tower {} on {} has not heartbeated since {}", t.id(), t.host(),
                        java.time.Instant.ofEpochMilli(t.heartbeatMs()));
            }
            List<Object[]> back = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT b.host, b.tower_id, b.type, b.component, b.version,"
                    + " b.since, t.heartbeat_at, t.heartbeat_interval_ms, t.tower_id IS NULL AS removed"
                    + " FROM blind_spots b LEFT JOIN towers t ON t.host = b.host AND t.tower_id = b.tower_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    boolean removed = rs.getBoolean("removed");
                    long heartbeat = removed ? 0 : PostgresRegistry.millis(rs, "heartbeat_at");
                    long interval = removed ? 0 : rs.getLong("heartbeat_interval_ms");
                    TowerRecord t = new TowerRecord(rs.getString("host"), rs.getString("tower_id"), rs.getString("type"),
                            rs.getString("component"), rs.getString("version"), "", 0, heartbeat, interval);
                    if (removed || !t.stale(now)) {
                        back.add(new Object[] {t, PostgresRegistry.millis(rs, "since"), removed});
                    }
                }
            }
            for (Object[] b : back) {
                TowerRecord t = (TowerRecord) b[0];
                journal.accept(SignalComposer.heartbeatBlindSpot(silent(t), false, (Long) b[1], now, host));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM blind_spots WHERE host = ? AND tower_id = ?")) {
                    ps.setString(1, t.host());
                    ps.setString(2, t.id());
                    ps.executeUpdate();
                }
                LOG.info("blind spot resolved: tower {} on {} {}", t.id(), t.host(),
                        (Boolean) b[2] ? "was removed" : "heartbeats again");
            }
            return null;
        });
    }

    @Override
    public void close() {
        try {
            loop.close(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dropSession();
    }

    private static SignalComposer.SilentTower silent(TowerRecord t) {
        return new SignalComposer.SilentTower(t.id(), t.type(), t.host(), t.version(), t.component(), t.heartbeatMs(),
                t.heartbeatIntervalMs());
    }
}
