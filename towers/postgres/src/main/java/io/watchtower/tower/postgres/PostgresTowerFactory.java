package io.watchtower.tower.postgres;

import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import io.watchtower.spi.Settings;
import io.watchtower.spi.Severity;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code postgres} tower type: sessions, locks, replication, wraparound and transaction
 * statistics of PostgreSQL servers, through read-only sessions that need only {@code pg_monitor}.
 */
public final class PostgresTowerFactory implements TowerFactory {

    // per server
    static final String CONNECT_TIME = "connect_time";
    static final String CONNECT_FAILURES = "connect_failures";
    static final String ROUND_TRIP_TIME = "round_trip_time";
    static final String CONNECTION_USAGE = "connection_usage";
    static final String IDLE_IN_TRANSACTION = "idle_in_transaction";
    static final String IDLE_IN_TRANSACTION_AGE = "idle_in_transaction_age";
    static final String LONGEST_QUERY = "longest_query";
    static final String LONGEST_TRANSACTION = "longest_transaction";
    static final String LOCK_WAITERS = "lock_waiters";
    static final String LONGEST_LOCK_WAIT = "longest_lock_wait";
    static final String ROLE = "role";
    static final String REPLICAS = "replicas";
    static final String SLOT_RETAINED_WAL = "slot_retained_wal";
    static final String REPLAY_LAG_SECONDS = "replay_lag_seconds";
    static final String REPLAY_LAG_BYTES = "replay_lag_bytes";
    static final String REPLAY_PAUSED = "replay_paused";
    // per database
    static final String ROLLBACKS = "rollbacks";
    static final String DEADLOCKS = "deadlocks";
    static final String CACHE_HIT_RATIO = "cache_hit_ratio";
    static final String XID_WRAPAROUND = "xid_wraparound";
    // per replica, seen from its primary
    static final String REPLICATION_LAG_SECONDS = "replication_lag_seconds";
    static final String REPLICATION_LAG_BYTES = "replication_lag_bytes";
    static final String REPLICATION_STATE = "replication_state";

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");
    private static final double MIB = 1024 * 1024;
    /**
     * The tower's largest reply message is a row of a few hundred bytes; 1 MiB leaves ample room
     * and keeps what a hostile server can make the driver allocate (at most three times this while
     * a buffer is copied) small beside the daemon's 40 MiB heap.
     */
    static final long DEFAULT_MAX_REPLY_BYTES = 1024 * 1024;
    private static final long MIN_MAX_REPLY_BYTES = 64 * 1024;
    private static final long MAX_MAX_REPLY_BYTES = 256L * 1024 * 1024;
    /**
     * How often a probe also times a new session, by default: a login costs the daemon and the
     * server more than the rest of a probe, and its time changes slowly.
     */
    static final Duration DEFAULT_CONNECT_INTERVAL = Duration.ofMinutes(1);

    @Override
    public String type() {
        return "postgres";
    }

    @Override
    public String description() {
        return "PostgreSQL sessions, locks, replication, wraparound and transaction statistics, read-only";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.gauge(CONNECT_TIME).unit(Unit.MILLISECONDS).minimumDelta(20)
                        .describedAs("Time to open a new session: TCP, TLS, authentication and backend start"),
                Check.ratio(CONNECT_FAILURES).guardrailAbove(0.5).severity(Severity.HIGH)
                        .describedAs("Fraction of new sessions the server refused (down, too many clients, auth)"),
                Check.gauge(ROUND_TRIP_TIME).unit(Unit.MILLISECONDS).minimumDelta(5)
                        .describedAs("Round trip of SELECT 1 on an open session"),
                Check.gauge(CONNECTION_USAGE).unit(Unit.RATIO).minimumDelta(0.1).guardrailAbove(0.85)
                        .severity(Severity.HIGH)
                        .describedAs("Client sessions as a fraction of max_connections"),
                Check.gauge(IDLE_IN_TRANSACTION).unit(Unit.COUNT).minimumDelta(0.5)
                        .describedAs("Sessions idle inside an open transaction"),
                Check.gauge(IDLE_IN_TRANSACTION_AGE).unit(Unit.SECONDS).minimumDelta(30)
                        .badNeverNormal().describedAs("How long the oldest idle-in-transaction session has been idle"),
                Check.gauge(LONGEST_QUERY).unit(Unit.SECONDS).minimumDelta(30)
                        .describedAs("Run time of the longest running statement"),
                Check.gauge(LONGEST_TRANSACTION).unit(Unit.SECONDS).minimumDelta(60)
                        .badNeverNormal().describedAs("Age of the oldest open transaction"),
                Check.gauge(LOCK_WAITERS).unit(Unit.COUNT).minimumDelta(0.5).severity(Severity.HIGH)
                        .badNeverNormal().describedAs("Sessions waiting for a lock; the signal's context names the blocking session"),
                Check.gauge(LONGEST_LOCK_WAIT).unit(Unit.SECONDS).minimumDelta(5)
                        .badNeverNormal().describedAs("How long the longest lock waiter has been waiting"),
                Check.state(ROLE).severity(Severity.HIGH)
                        .describedAs("Whether the server is a primary or a replica; a change is a failover"),
                Check.gauge(REPLICAS).unit(Unit.COUNT).worseWhen(Direction.LOWER).minimumDelta(0.5)
                        .severity(Severity.HIGH)
                        .describedAs("Replicas streaming from this primary"),
                Check.gauge(SLOT_RETAINED_WAL).unit(Unit.BYTES).minimumDelta(256 * MIB)
                        .badNeverNormal().describedAs("WAL kept on the primary by the replication slot that retains the most"),
                Check.gauge(REPLAY_LAG_SECONDS).unit(Unit.SECONDS).minimumDelta(5).severity(Severity.HIGH)
                        .badNeverNormal().describedAs("On a replica: age of the last replayed transaction while WAL waits to be replayed"),
                Check.gauge(REPLAY_LAG_BYTES).unit(Unit.BYTES).minimumDelta(MIB).severity(Severity.HIGH)
                        .badNeverNormal().describedAs("On a replica: WAL received but not yet replayed"),
                Check.gauge(REPLAY_PAUSED).unit(Unit.NONE).guardrailAbove(0.5).severity(Severity.HIGH)
                        .describedAs("On a replica: 1 while WAL replay is paused, else 0"),
                Check.ratio(ROLLBACKS)
                        .describedAs("Per database: fraction of transactions that rolled back since the last probe"),
                Check.counter(DEADLOCKS).minimumDelta(0.01).severity(Severity.HIGH)
                        .describedAs("Per database: deadlocks detected per second since the last probe"),
                Check.ratio(CACHE_HIT_RATIO).worseWhen(Direction.LOWER).minimumDelta(0.05)
                        .describedAs("Per database: fraction of block reads served from shared buffers since the last probe"),
                Check.gauge(XID_WRAPAROUND).unit(Unit.RATIO).minimumDelta(0.05).guardrailAbove(0.5)
                        .severity(Severity.CRITICAL)
                        .describedAs("Per database: age of the oldest unfrozen transaction ID as a fraction of the 2^31 wraparound limit"),
                Check.gauge(REPLICATION_LAG_SECONDS).unit(Unit.SECONDS).minimumDelta(5).severity(Severity.HIGH)
                        .badNeverNormal().describedAs("Per replica, seen from the primary: replay lag reported by pg_stat_replication"),
                Check.gauge(REPLICATION_LAG_BYTES).unit(Unit.BYTES).minimumDelta(MIB).severity(Severity.HIGH)
                        .badNeverNormal().describedAs("Per replica, seen from the primary: WAL written but not yet replayed by the replica"),
                Check.state(REPLICATION_STATE)
                        .describedAs("Per replica, seen from the primary: the WAL sender state (streaming, catchup, ...)"));
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("password");
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        List<String> raw = settings.stringList("servers");
        if (raw.isEmpty()) {
            throw settings.invalid("servers", "at least one host:port server");
        }
        Set<String> servers = new LinkedHashSet<>();
        for (String server : raw) {
            if (!validHostPort(server)) {
                throw settings.invalid("servers", "host:port pairs such as \"10.0.0.5:5432\" or \"[::1]:5432\" (\""
                        + server + "\" is not one)");
            }
            if (!servers.add(server.strip())) {
                throw settings.invalid("servers", "each server once (\"" + server + "\" is listed twice)");
            }
        }
        String user = settings.string("user");
        String password = settings.secret("password").orElse(null);
        String database = settings.optionalString("database").orElse("postgres");
        List<String> databases = settings.has("databases") ? settings.stringList("databases") : List.of();
        int maxDatabases = settings.integer("max-databases", 50);
        if (maxDatabases < 1 || maxDatabases > 1000) {
            throw settings.invalid("max-databases", "an integer between 1 and 1000");
        }
        String sslMode = settings.optionalString("ssl-mode").orElse("prefer").toLowerCase(Locale.ROOT);
        if (!SSL_MODES.contains(sslMode)) {
            throw settings.invalid("ssl-mode", "one of " + String.join(", ", new java.util.TreeSet<>(SSL_MODES)));
        }
        String applicationName = settings.optionalString("application-name").orElse("watchtower");
        long maxReplyBytes = maxReplyBytes(settings);
        // the server-side bound of a statement: none outlives the probe; the probe's deadline
        // cancels it sooner from the client side
        Duration statementTimeout = settings.duration("statement-timeout", context.timeout());
        if (statementTimeout.toMillis() < 10) {
            throw settings.invalid("statement-timeout", "a duration of at least 10ms such as 2s");
        }
        Duration connectInterval = settings.duration("connect-interval", DEFAULT_CONNECT_INTERVAL);
        if (connectInterval.isNegative()) {
            throw settings.invalid("connect-interval", "a duration such as 1m, or 0 to time a new session every probe");
        }
        if (context.timeout().dividedBy(servers.size()).toMillis() < 500) {
            throw settings.invalid("servers", "at most " + Math.max(1, context.timeout().toMillis() / 500)
                    + " servers for a timeout of " + context.timeout().toMillis() + " ms (each server needs 500 ms)");
        }
        List<ServerProbe> probes = new ArrayList<>();
        for (String server : servers) {
            Session session = new Session(server, database, user, password, sslMode, applicationName, context.timeout(),
                    statementTimeout, maxReplyBytes);
            probes.add(new ServerProbe(context.id(), session, databases, maxDatabases,
                    ConnectCadence.of(connectInterval, context.interval()), context.clock(), context.logger()));
        }
        return new PostgresTower(probes);
    }

    /**
     * The largest reply message the driver may buffer: bytes as an integer, or a size such as
     * {@code 512KiB} or {@code 4MiB}.
     */
    static long maxReplyBytes(Settings settings) {
        String expected = "a size from 64KiB to 256MiB such as 1MiB, 512KiB or 1048576 (bytes)";
        String text = settings.optionalString("max-reply-bytes").orElse(Long.toString(DEFAULT_MAX_REPLY_BYTES)).strip();
        long unit = 1;
        String digits = text;
        if (text.endsWith("KiB")) {
            unit = 1024;
            digits = text.substring(0, text.length() - 3);
        } else if (text.endsWith("MiB")) {
            unit = 1024 * 1024;
            digits = text.substring(0, text.length() - 3);
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(Long.parseLong(digits.strip()), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw settings.invalid("max-reply-bytes", expected);
        }
        if (bytes < MIN_MAX_REPLY_BYTES || bytes > MAX_MAX_REPLY_BYTES) {
            throw settings.invalid("max-reply-bytes", expected);
        }
        return bytes;
    }

    static boolean validHostPort(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return false;
        }
        String host = s.substring(0, colon);
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
            return false;
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            return port >= 1 && port <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
