package io.watchtower.net;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A connection whose channel closes during the handshake, with no word from the server, is tried
 * again up to {@link LettuceHandshake#ATTEMPTS} times; a failure that is not that is not tried again.
 * (A real server's refusal, which the attempts are for, is tested against redis-server by the
 * redis-queue tower and the Redis Stream channel.)
 */
class LettuceHandshakeTest {

    private static RedisClient client() {
        RedisClient client = RedisClient.create(LettuceResources.shared());
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).autoReconnect(false).build());
        return client;
    }

    private static RedisURI uri(int port) {
        RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withPassword("secret".toCharArray())
                .withTimeout(Duration.ofSeconds(5)).build();
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        return uri;
    }

    /** A peer that takes each connection, reads the first bytes of its handshake and hangs up. */
    private static Thread hangingUp(ServerSocket server, AtomicInteger accepted) {
        Thread peer = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    s.getInputStream().read(new byte[256]);
                } catch (IOException e) {
                    return;
                }
            }
        }, "hanging-up-peer");
        peer.setDaemon(true);
        peer.start();
        return peer;
    }

    @Test
    void aChannelClosedDuringTheHandshakeIsTriedAgainUpToTheAttempts() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        RedisClient client = client();
        try (ServerSocket server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            hangingUp(server, accepted);
            ExecutionException failed = catchThrowableOfType(() -> LettuceHandshake.connect(client,
                    uri(server.getLocalPort()), Duration.ofSeconds(10)), ExecutionException.class);

            assertThat(failed).as("the last attempt's failure").isNotNull();
            assertThat(LettuceHandshake.closedDuringHandshake(failed)).as("%s", failed).isTrue();
            assertThat(LettuceHandshake.refusal(failed)).isNull();
            assertThat(accepted.get()).isEqualTo(LettuceHandshake.ATTEMPTS);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void aRefusedConnectionIsNotTriedAgain() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        RedisClient client = client();
        try {
            ExecutionException failed = catchThrowableOfType(() -> LettuceHandshake.connect(client, uri(port),
                    Duration.ofSeconds(10)), ExecutionException.class);
            assertThat(failed).isNotNull();
            assertThat(LettuceHandshake.closedDuringHandshake(failed)).as("%s", failed).isFalse();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
