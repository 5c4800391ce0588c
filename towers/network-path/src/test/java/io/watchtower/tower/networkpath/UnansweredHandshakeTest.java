package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A handshake nobody answers: a listening socket whose accept queue is full drops further SYNs, so
 * an attempt waits for its timeout, or until the probe is cancelled.
 */
class UnansweredHandshakeTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private ServerSocketChannel server;
    private final List<SocketChannel> queued = new ArrayList<>();
    private Target target;

    @BeforeEach
    void fillTheAcceptQueue() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0), 1);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        target = new Target("127.0.0.1:" + port, "127.0.0.1", port);
        // nothing accepts: the queue of a backlog of one holds two connections, then SYNs are dropped
        for (int i = 0; i < 2; i++) {
            queued.add(SocketChannel.open(server.getLocalAddress()));
        }
    }

    @AfterEach
    void close() throws IOException {
        for (SocketChannel c : queued) {
            c.close();
        }
        server.close();
    }

    @Test
    void anUnansweredAttemptFailsAtItsTimeout() {
        TcpHandshake handshake = new TcpHandshake(TowerClock.system());

        assertThatThrownBy(() -> handshake.roundTrip(target, LOOPBACK, Duration.ofMillis(300)))
                .isInstanceOf(IOException.class)
                .hasMessage("connect timed out after 300 ms");
    }

    @Test
    void anInterruptEndsAnAttemptThatWaits() throws Exception {
        TcpHandshake handshake = new TcpHandshake(TowerClock.system());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread attempt = new Thread(() -> {
            try {
                handshake.roundTrip(target, LOOPBACK, Duration.ofSeconds(60));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        attempt.start();
        // interrupted before or while it waits, the attempt ends the same way
        attempt.interrupt();
        attempt.join(Duration.ofSeconds(10).toMillis());

        assertThat(attempt.isAlive()).as("the attempt still waits").isFalse();
        assertThat(failure.get()).isInstanceOf(ClosedByInterruptException.class);
    }
}
