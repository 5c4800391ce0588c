package io.watchtower.runtime.registry;

import io.watchtower.net.TlsSettings;

/**
 * How to reach the fleet registry.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:5432/db}
 * @param user the user
 * @param password the password read from {@code password-file}, or null
 * @param poolSize connections in the pool
 * @param tls the {@code tls} block, or null for plain connections
 */
public record PostgresSettings(String url, String user, String password, int poolSize, TlsSettings tls) {

    /**
     * Plain connections.
     *
     * @param url the JDBC URL
     * @param user the user
     * @param password the password, or null
     * @param poolSize connections in the pool
     */
    public PostgresSettings(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, null);
    }

    /**
     * @return the URL the driver connects with: {@link #url()}, and with a {@code tls} block, TLS
     *         required through {@link RegistryTlsSocketFactory} with the block's settings as loaded
     *         (the URL names them by a key: no connection reads the CA file again)
     */
    public String jdbcUrl() {
        if (tls == null) {
            return url;
        }
        StringBuilder b = new StringBuilder(url).append(url.indexOf('?') < 0 ? '?' : '&')
                // require: TLS or no connection; the factory checks the chain and, when verifying, the name
                .append("ssl=true&sslmode=require&sslfactory=").append(RegistryTlsSocketFactory.class.getName())
                .append('&').append(RegistryTlsSocketFactory.SETTINGS).append('=')
                .append(RegistryTlsSocketFactory.key(tls));
        return b.toString();
    }

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
                + ", poolSize=" + poolSize + (tls == null ? "" : ", " + tls) + "]";
    }
}
