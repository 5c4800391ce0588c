package io.watchtower.tower.postgres;

import static io.watchtower.tower.postgres.PostgresTowerFactory.CACHE_HIT_RATIO;
import static io.watchtower.tower.postgres.PostgresTowerFactory.DEADLOCKS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.ROLLBACKS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.XID_WRAPAROUND;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.TowerLogger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Per database of one server: wraparound age, and the rollback, deadlock and cache-hit rates from
 * the cumulative counters of {@code pg_stat_database}, reported as the server's totals: the core
 * turns them into ratios and a rate and handles a statistics reset, so this class keeps no
 * previous reading. One target per database ({@code host:port/dbname}), at most
 * {@code max-databases} of them.
 */
final class DatabaseStatistics {

    static final String QUERY = "SELECT d.datname, s.xact_commit, s.xact_rollback, s.blks_read, s.blks_hit,"
            + " s.deadlocks, age(d.datfrozenxid) AS xid_age"
            + " FROM pg_database d JOIN pg_stat_database s ON s.datid = d.oid"
            + " WHERE d.datallowconn AND NOT d.datistemplate ORDER BY d.datname";

    /** Transaction IDs are 32-bit and compared modulo 2^31: the age at which data would wrap around. */
    static final double WRAPAROUND_LIMIT = 2147483648.0;

    private final String server;
    private final Set<String> only;
    private final int max;
    private final TowerLogger logger;
    private boolean warnedCap;

    DatabaseStatistics(String server, List<String> only, int max, TowerLogger logger) {
        this.server = server;
        this.only = new HashSet<>(only);
        this.max = max;
        this.logger = logger;
    }

    void observe(CatalogReader reader, Observations out) throws SQLException {
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
                TargetObservations t = out.target(server + "/" + name);
                t.gauge(XID_WRAPAROUND, rs.getLong("xid_age") / WRAPAROUND_LIMIT);
                long rollbacks = rs.getLong("xact_rollback");
                t.ratioTotals(ROLLBACKS, rollbacks, rollbacks + rs.getLong("xact_commit"));
                t.counter(DEADLOCKS, rs.getLong("deadlocks"));
                long hits = rs.getLong("blks_hit");
                t.ratioTotals(CACHE_HIT_RATIO, hits, hits + rs.getLong("blks_read"));
            }
        }
    }
}
