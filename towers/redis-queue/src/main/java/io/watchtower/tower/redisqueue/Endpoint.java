package io.watchtower.tower.redisqueue;

import io.lettuce.core.RedisURI;

import java.time.Duration;

/**
 * Where and how to connect to one server, with timeouts sized to its share of the probe budget.
 * {@link #toString()} never shows the password.
 */
final class Endpoint {

    private final HostPort address;
    private final String username;
    private final String password;
    private final int database;
    private final boolean tls;
    private final Duration budget;

    Endpoint(HostPort address, String username, String password, int database, boolean tls, Duration budget) {
        this.address = address;
        this.username = username;
        this.password = password;
        this.database = database;
        this.tls = tls;
        this.budget = budget;
    }

    /** @return how long the TCP (and TLS) connect may take */
    Duration connectTimeout() {
        return Duration.ofMillis(Math.max(100, budget.toMillis() * 35 / 100));
    }

    /** @return how long one command (and the connection handshake) may take */
    Duration commandTimeout() {
        return Duration.ofMillis(Math.max(100, budget.toMillis() / 2));
    }

    RedisURI uri() {
        RedisURI.Builder b = RedisURI.builder().withHost(address.host()).withPort(address.port())
                .withDatabase(database).withSsl(tls).withTimeout(commandTimeout()).withClientName("watchtower");
        if (password != null) {
            if (username != null) {
                b.withAuthentication(username, password.toCharArray());
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "Endpoint[" + (username == null ? "" : username + "@") + address.host() + ":" + address.port()
                + "/" + database + (tls ? ", tls" : "") + (password == null ? "" : ", password=<redacted>") + "]";
    }
}
