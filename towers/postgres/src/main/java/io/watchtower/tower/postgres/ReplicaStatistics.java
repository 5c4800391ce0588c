package io.watchtower.tower.postgres;

import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLICATION_LAG_BYTES;
import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLICATION_LAG_SECONDS;
import static io.watchtower.tower.postgres.PostgresTowerFactory.REPLICATION_STATE;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * On a primary, per replica ({@code host:port/replica:<application_name>}): lag in bytes and
 * seconds and the WAL sender state, from {@code pg_stat_replication}. Replicas without their own
 * {@code application_name} are told apart by address.
 */
final class ReplicaStatistics {

    static final String QUERY = "SELECT application_name, coalesce(host(client_addr), 'local') AS client,"
            + " state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) AS lag_bytes,"
            + " coalesce(extract(epoch FROM replay_lag), 0) AS lag_seconds"
            + " FROM pg_stat_replication ORDER BY application_name, client_addr, pid LIMIT " + ReplicaStatistics.MAX;

    /** At most this many replicas are reported per primary. */
    static final int MAX = 32;

    private final String server;

    ReplicaStatistics(String server) {
        this.server = server;
    }

    void observe(CatalogReader reader, Observations out, long senders) throws SQLException {
        if (senders == 0) {
            return;
        }
        Set<String> names = new HashSet<>();
        try (ResultSet rs = reader.query(QUERY)) {
            while (rs.next()) {
                String application = rs.getString("application_name");
                String client = rs.getString("client");
                String name = application == null || application.isEmpty() ? client : application;
                if (!names.add(name)) {
                    name = name + "@" + client;
                    names.add(name);
                }
                TargetObservations t = out.target(server + "/replica:" + name);
                t.context("client_addr", client);
                t.state(REPLICATION_STATE, String.valueOf(rs.getString("state")));
                double bytes = rs.getDouble("lag_bytes");
                if (!rs.wasNull()) {
                    t.gauge(REPLICATION_LAG_BYTES, Math.max(0, bytes));
                }
                t.gauge(REPLICATION_LAG_SECONDS, rs.getDouble("lag_seconds"));
            }
        }
    }
}
