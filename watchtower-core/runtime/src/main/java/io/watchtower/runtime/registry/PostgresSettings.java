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

    /**
     * @return the URL with any password in it (a {@code password=} parameter, or {@code user:password@})
     *         replaced by {@code ***}, for logs and dumps
     */
    public String redactedUrl() {
        return io.watchtower.runtime.config.SecretRedactor.urlPasswords(url);
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", poolSize=" + poolSize + "]";
    }
}
