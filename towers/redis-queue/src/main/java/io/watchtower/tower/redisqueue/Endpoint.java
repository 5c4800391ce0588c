package io.watchtower.tower.redisqueue;

import io.watchtower.resp.RespEndpoint;

import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how to connect to one server, with timeouts sized to its share of the probe budget.
 * {@link #toString()} never shows the password.
 */
final class Endpoint {

    private final HostPort address;
    private final String username;
    private final String password;
    private final int database;
    private final SSLSocketFactory tls;
    private final Duration budget;

    /**
     * @param tls the TLS socket factory, or null for plain TCP
     */
    Endpoint(HostPort address, String username, String password, int database, SSLSocketFactory tls, Duration budget) {
        this.address = address;
        this.username = username;
        this.password = password;
        this.database = database;
        this.tls = tls;
        this.budget = budget;
    }

    /** @return how long the TCP connect may take */
    Duration connectTimeout() {
        return Duration.ofMillis(Math.max(100, budget.toMillis() * 35 / 100));
    }

    /** @return how long one command (and the whole connection handshake) may take */
    Duration commandTimeout() {
        return Duration.ofMillis(Math.max(100, budget.toMillis() / 2));
    }

    RespEndpoint resp() {
        return RespEndpoint.of(address.host(), address.port(), commandTimeout())
                .withTimeouts(connectTimeout(), commandTimeout())
                .withAuth(username, password)
                .withDatabase(database)
                .withClientName("watchtower")
                .withTls(tls);
    }

    @Override
    public String toString() {
        return "Endpoint[" + (username == null ? "" : username + "@") + address.host() + ":" + address.port()
                + "/" + database + (tls != null ? ", tls" : "") + (password == null ? "" : ", password=<redacted>") + "]";
    }
}
