package io.watchtower.tower.redisqueue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.watchtower.net.LettuceHandshake;
import io.watchtower.net.LettuceResources;
import io.watchtower.net.LettuceTls;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Opens connections to one Redis server through Lettuce on the process's shared resources
 * ({@link LettuceResources}): RESP2, no automatic reconnect (the next probe reconnects), commands
 * refused while disconnected, no library name sent ({@code CLIENT SETINFO} is not a read command).
 * The whole connection (TCP, TLS, {@code AUTH}, {@code CLIENT SETNAME}, {@code SELECT}) takes at
 * most the time {@link #connect(Duration)} is given; a connection that opens later is closed at
 * once. Lettuce's own limits are the tower's timeout, a backstop that never applies first.
 */
final class RedisConnector implements AutoCloseable {

    private final RedisClient client;
    private final RedisURI uri;

    /**
     * @param address the server
     * @param username an ACL user, or null for the default user
     * @param password the password, or null for no AUTH
     * @param database the database index; 0 sends no SELECT
     * @param tls TLS to the server, or null for plain TCP
     * @param backstop Lettuce's own connect, handshake and command limits: the tower's timeout
     */
    RedisConnector(HostPort address, String username, String password, int database, LettuceTls tls,
                   Duration backstop) {
        RedisURI.Builder b = RedisURI.builder().withHost(address.host()).withPort(address.port())
                .withDatabase(database).withClientName("watchtower").withTimeout(backstop);
        if (password != null) {
            if (username != null) {
                b.withAuthentication(username, password.toCharArray());
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        SslOptions ssl = null;
        if (tls != null) {
            tls.secure(b);
            ssl = tls.sslOptions(backstop);
        }
        this.uri = b.build();
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        ClientOptions.Builder options = ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .socketOptions(SocketOptions.builder().connectTimeout(backstop).keepAlive(true).build())
                // each command waits with its own deadline (ReadOnlyRedis): no timer-driven expiry
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build());
        if (ssl != null) {
            options.sslOptions(ssl);
        }
        this.client = RedisClient.create(LettuceResources.shared());
        client.setOptions(options.build());
    }

    /**
     * @param limit how long the whole connection may take, every attempt included
     * @return a new connection behind the read-only facade
     * @throws IOException when the server cannot be reached or does not complete the handshake in time
     * @throws RedisRefusal when the server refuses a handshake command (a wrong password, an ACL
     *         without SELECT); nothing stays open
     */
    ReadOnlyRedis connect(Duration limit) throws IOException, RedisRefusal {
        long budget = Math.max(1, limit.toMillis());
        try {
            // a refusal that Lettuce's handshake loses to the channel's close is tried again (LettuceHandshake)
            return new ReadOnlyRedis(LettuceHandshake.connect(client, uri, Duration.ofMillis(budget)));
        } catch (TimeoutException e) {
            throw new IOException("no connection to " + uri.getHost() + ":" + uri.getPort() + " within "
                    + budget + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        } catch (ExecutionException e) {
            RedisCommandExecutionException refused = LettuceHandshake.refusal(e);
            if (refused != null) {
                throw new RedisRefusal(refused.getMessage(), refused);
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(ServerWatch.describe(cause), cause);
        }
    }

    /** Closes every connection this connector opened; the shared resources stay. */
    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
        return "RedisConnector[" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase()
                + (uri.isSsl() ? ", tls" : "") + "]";
    }
}
