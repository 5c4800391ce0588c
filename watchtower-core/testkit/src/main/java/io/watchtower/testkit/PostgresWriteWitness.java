package io.watchtower.testkit;

import io.watchtower.testkit.fixture.PostgresServer;

import java.time.Duration;
import java.util.function.Function;

/**
 * A throwaway PostgreSQL server (autovacuum off, so nothing else writes) that counts the rows
 * inserted, updated or deleted in every database, system catalogs included, from
 * {@code pg_stat_database}. A temporary table, a lock row or an update of any kind shows up there.
 *
 * <pre>{@code
 * new PostgresWriteWitness("watchtower", hostPort -> "servers = [\"" + hostPort + "\"]\nuser = watchtower")
 * }</pre>
 */
public final class PostgresWriteWitness implements MutationWitness {

    private static final Duration SESSIONS_END = Duration.ofSeconds(15);

    private final PostgresServer server;
    private final String settings;

    /**
     * Starts the server and creates {@code role} with {@code pg_monitor}.
     *
     * @param role the role the tower logs in as
     * @param settings the tower block for a server at the given {@code host:port}
     */
    public PostgresWriteWitness(String role, Function<String, String> settings) {
        this.server = PostgresServer.builder().setting("autovacuum", "off").start();
        server.psql("postgres", "CREATE ROLE \"" + role + "\" LOGIN; GRANT pg_monitor TO \"" + role + "\";"
                + " CREATE TABLE items(id int PRIMARY KEY); INSERT INTO items VALUES (1)");
        this.settings = settings.apply("127.0.0.1:" + server.port());
    }

    @Override
    public String settings() {
        return settings;
    }

    /** @return the server, to write to it (the witness's own test does) */
    public PostgresServer server() {
        return server;
    }

    @Override
    public long writes() {
        // a session's counters reach pg_stat_database when it ends: wait for every other session
        long deadline = System.nanoTime() + SESSIONS_END.toNanos();
        String others = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                + " AND pid <> pg_backend_pid()";
        String seen = server.psql("postgres", others);
        while (!seen.equals("0") && System.nanoTime() < deadline) {
            seen = server.psql("postgres", others);
        }
        if (!seen.equals("0")) {
            throw new AssertionError(seen + " sessions are still open on the witnessed server after "
                    + SESSIONS_END.toSeconds() + " s: a closed tower keeps a session");
        }
        String sum = server.psql("postgres", "SELECT pg_stat_force_next_flush();"
                + " SELECT sum(tup_inserted + tup_updated + tup_deleted) FROM pg_stat_database");
        return Long.parseLong(sum.lines().reduce((a, b) -> b).orElseThrow().strip());
    }

    @Override
    public String describe() {
        return "rows inserted, updated or deleted on PostgreSQL (pg_stat_database, catalogs included)";
    }

    @Override
    public void close() {
        server.close();
    }
}
