package io.watchtower.tower.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs the tower's fixed catalog queries on the pooled session. Each is a prepared statement: the
 * driver prepares it on the server once per session and keeps it in its statement cache, so the
 * server plans each query once per session rather than once per probe.
 */
final class CatalogReader {

    private final Connection connection;
    private final long untilNanos;

    /**
     * @param connection the pooled session
     * @param untilNanos the {@link System#nanoTime()} by which every query must be done: each
     *        query's client-side timeout is the time left then, in whole seconds (at least one)
     */
    CatalogReader(Connection connection, long untilNanos) {
        this.connection = connection;
        this.untilNanos = untilNanos;
    }

    /**
     * @param sql one of the tower's constant queries
     * @return its rows; closing them closes the statement (which returns to the driver's cache)
     */
    ResultSet query(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(untilNanos - System.nanoTime());
            statement.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left)));
            statement.closeOnCompletion();
            return statement.executeQuery();
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
