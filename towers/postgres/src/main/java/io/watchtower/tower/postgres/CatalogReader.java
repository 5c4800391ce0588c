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
    private final int timeoutSeconds;

    CatalogReader(Connection connection, int timeoutSeconds) {
        this.connection = connection;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * @param sql one of the tower's constant queries
     * @return its rows; closing them closes the statement (which returns to the driver's cache)
     */
    ResultSet query(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(timeoutSeconds);
            statement.closeOnCompletion();
            return statement.executeQuery();
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
