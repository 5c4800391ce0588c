package io.watchtower.runtime.registry;

/**
 * How to reach the fleet registry.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:5432/db}
 * @param user the user
 * @param password the password read from {@code password-file}, or null
 * @param poolSize connections in the pool
 */
public record PostgresSettings(String url, String user, String password, int poolSize) {

    @Override
    public String toString() {
        return "PostgresSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + "]";
    }
}
