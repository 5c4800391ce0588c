package io.watchtower.resp;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how to open a {@link RespConnection}. Immutable; the {@code with...} methods return a
 * copy. {@link #toString()} never shows the password.
 *
 * @param host the server's host name or IP address
 * @param port its port
 * @param connectTimeout how long the TCP connect may take
 * @param commandTimeout how long one command may take, from sending it to the last byte of its
 *        reply; the TLS and {@code AUTH}/{@code SELECT} handshake shares one such deadline
 * @param username an ACL user, or null for the default user
 * @param password the password, or null for no {@code AUTH}
 * @param database the database index; 0 sends no {@code SELECT}
 * @param clientName sent as {@code CLIENT SETNAME}, or null for none
 * @param tls the TLS socket factory, or null for plain TCP; the server's certificate is checked
 *        against the host name
 * @param maxReplyBytes the most bytes one reply may take on the wire
 */
public record RespEndpoint(String host, int port, Duration connectTimeout, Duration commandTimeout, String username,
                           String password, int database, String clientName, SSLSocketFactory tls,
                           long maxReplyBytes) {

    /**
     * Default {@link #maxReplyBytes}, 1 MiB: far above an {@code INFO} (a few KiB) or an
     * {@code XINFO} of a thousand consumers, and small enough that a hostile server cannot fill a
     * small daemon's heap.
     */
    public static final long DEFAULT_MAX_REPLY_BYTES = 1L << 20;

    /** Validates. */
    public RespEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(commandTimeout, "commandTimeout");
        if (username != null && password == null) {
            throw new IllegalArgumentException("a username needs a password");
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must be >= 0, got " + database);
        }
        if (maxReplyBytes < 64) {
            throw new IllegalArgumentException("maxReplyBytes must be >= 64, got " + maxReplyBytes);
        }
    }

    /**
     * @param host the server's host
     * @param port its port
     * @param timeout both the connect and the command timeout
     * @return an endpoint with no AUTH, database 0, no client name, plain TCP
     */
    public static RespEndpoint of(String host, int port, Duration timeout) {
        return new RespEndpoint(host, port, timeout, timeout, null, null, 0, null, null, DEFAULT_MAX_REPLY_BYTES);
    }

    /**
     * @param connect the connect timeout
     * @param command the command timeout
     * @return a copy with these timeouts
     */
    public RespEndpoint withTimeouts(Duration connect, Duration command) {
        return new RespEndpoint(host, port, connect, command, username, password, database, clientName, tls,
                maxReplyBytes);
    }

    /**
     * @param user an ACL user, or null for the default user
     * @param secret the password, or null for no AUTH
     * @return a copy that authenticates
     */
    public RespEndpoint withAuth(String user, String secret) {
        return new RespEndpoint(host, port, connectTimeout, commandTimeout, user, secret, database, clientName, tls,
                maxReplyBytes);
    }

    /**
     * @param index the database index
     * @return a copy that selects it
     */
    public RespEndpoint withDatabase(int index) {
        return new RespEndpoint(host, port, connectTimeout, commandTimeout, username, password, index, clientName, tls,
                maxReplyBytes);
    }

    /**
     * @param name the connection's name on the server ({@code CLIENT LIST}), or null
     * @return a copy that names its connection
     */
    public RespEndpoint withClientName(String name) {
        return new RespEndpoint(host, port, connectTimeout, commandTimeout, username, password, database, name, tls,
                maxReplyBytes);
    }

    /**
     * @param factory the TLS socket factory (for example {@code SSLContext.getDefault().getSocketFactory()}),
     *        or null for plain TCP
     * @return a copy that uses TLS
     */
    public RespEndpoint withTls(SSLSocketFactory factory) {
        return new RespEndpoint(host, port, connectTimeout, commandTimeout, username, password, database, clientName,
                factory, maxReplyBytes);
    }

    /**
     * @param bytes the most bytes one reply may take
     * @return a copy with this bound
     */
    public RespEndpoint withMaxReplyBytes(long bytes) {
        return new RespEndpoint(host, port, connectTimeout, commandTimeout, username, password, database, clientName,
                tls, bytes);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    @Override
    public String toString() {
        return "RespEndpoint[" + (username == null ? "" : username + "@") + host + ":" + port + "/" + database
                + (tls != null ? ", tls" : "") + (password == null ? "" : ", password=<redacted>") + "]";
    }
}
