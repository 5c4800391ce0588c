package io.watchtower.tower.postgres;

import static io.watchtower.tower.postgres.PostgresTowerFactory.CACHE_HIT_RATIO;
import static io.watchtower.tower.postgres.PostgresTowerFactory.DEADLOCKS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.ROLLBACKS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.XID_WRAPAROUND;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.TowerClock;
import io.watchtower.spi.TowerLogger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per database of one server: wraparound age, and the rollback, deadlock and cache-hit rates from
 * the cumulative counters of {@code pg_stat_database}. Rollbacks and deadlocks are reported as the
 * server's totals (the core turns them into a ratio and a rate and handles a statistics reset);
 * the cache-hit ratio is a ratio of two counters' increases, worked out here. One target per
 * database ({@code host:port/dbname}), at most {@code max-databases} of them.
 */
final class DatabaseStatistics {

    static final String QUERY = "SELECT d.datname, s.xact_commit, s.xact_rollback, s.blks_read, s.blks_hit,"
            + " s.deadlocks, age(d.datfrozenxid) AS xid_age"
            + " FROM pg_database d JOIN pg_stat_database s ON s.datid = d.oid"
            + " WHERE d.datallowconn AND NOT d.datistemplate ORDER BY d.datname";

    /** Transaction IDs are 32-bit and compared modulo 2^31: the age at which data would wrap around. */
    static final double WRAPAROUND_LIMIT = 2147483648.0;
    /** Fewer block reads than this between two probes say nothing about the cache. */
    static final long MIN_BLOCK_READS = 100;

    private final String server;
    private final Set<String> only;
    private final int max;
    private final TowerClock clock;
    private final TowerLogger logger;
    private final Map<String, Counters> previous = new HashMap<>();
    private boolean warnedCap;

    DatabaseStatistics(String server, List<String> only, int max, TowerClock clock, TowerLogger logger) {
        this.server = server;
        this.only = new HashSet<>(only);
        this.max = max;
        this.clock = clock;
        this.logger = logger;
    }

    void observe(CatalogReader reader, Observations out) throws SQLException {
        Instant now = clock.now();
        Map<String, Counters> seen = new HashMap<>();
        int reported = 0;
        try (ResultSet rs = reader.query(QUERY)) {
            while (rs.next()) {
                String name = rs.getString("datname");
                if (!only.isEmpty() && !only.contains(name)) {
                    continue;
                }
                if (reported >= max) {
                    if (!warnedCap) {
                        warnedCap = true;
                        logger.warn("server " + server + " has more than " + max
                                + " databases; only the first by name are watched (raise max-databases or list databases)");
                    }
                    break;
                }
                reported++;
                Counters c = new Counters(now, rs.getLong("blks_read"), rs.getLong("blks_hit"));
                seen.put(name, c);
                TargetObservations t = out.target(server + "/" + name);
                t.gauge(XID_WRAPAROUND, rs.getLong("xid_age") / WRAPAROUND_LIMIT);
                long rollbacks = rs.getLong("xact_rollback");
                t.ratioTotals(ROLLBACKS, rollbacks, rollbacks + rs.getLong("xact_commit"));
                t.counter(DEADLOCKS, rs.getLong("deadlocks"));
                Counters before = previous.get(name);
                if (before != null && c.follows(before)) {
                    long read = c.blksRead - before.blksRead;
                    long hit = c.blksHit - before.blksHit;
                    if (read + hit >= MIN_BLOCK_READS) {
                        t.gauge(CACHE_HIT_RATIO, (double) hit / (read + hit));
                    }
                }
            }
        }
        previous.clear();
        previous.putAll(seen);
    }

    private record Counters(Instant at, long blksRead, long blksHit) {
        /** Later and no counter went back (a statistics reset starts a new run). */
        boolean follows(Counters before) {
            return at.isAfter(before.at) && blksRead >= before.blksRead && blksHit >= before.blksHit;
        }
    }
}
