package io.watchtower.launcher;

import io.watchtower.testkit.fixture.PostgresServer;

/**
 * One PostgreSQL server for the launcher tests that only need a server to talk to (a fleet
 * registry, a server to probe): started on first use, stopped by the fixtures' own clean-up when
 * the test JVM exits. Starting one is several seconds of {@code initdb} and start-up; a test that
 * stops, breaks or reconfigures its server starts its own.
 */
final class SharedPostgres {

    private static PostgresServer server;
    private static int databases;

    private SharedPostgres() {
    }

    /** @return the running server */
    static synchronized PostgresServer server() {
        if (server == null) {
            server = PostgresServer.builder().start();
        }
        return server;
    }

    /**
     * @param prefix what the database is for, such as {@code registry}
     * @return the name of a new, empty database of the caller's own
     */
    static synchronized String newDatabase(String prefix) {
        String name = prefix + "_" + ++databases;
        server().psql("postgres", "CREATE DATABASE " + name);
        return name;
    }
}
