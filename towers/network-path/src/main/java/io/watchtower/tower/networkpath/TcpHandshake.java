package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** Opens and closes one TCP connection, timing the handshake. Nothing is sent. */
final class TcpHandshake implements PathProbe {

    private final TowerClock clock;

    TcpHandshake(TowerClock clock) {
        this.clock = clock;
    }

    @Override
    public double roundTrip(Target target, InetAddress address, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            long started = clock.nanoTime();
            if (!channel.connect(new InetSocketAddress(address, target.port()))) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                long deadline = started + timeout.toNanos();
                while (true) {
                    long left = deadline - clock.nanoTime();
                    if (left <= 0) {
                        throw new IOException("connect timed out after " + timeout.toMillis() + " ms");
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ClosedByInterruptException();
                    }
                    if (!selector.selectedKeys().isEmpty() && channel.finishConnect()) {
                        break;
                    }
                    selector.selectedKeys().clear();
                }
            }
            return (clock.nanoTime() - started) / 1e6;
        }
    }

    @Override
    public String method() {
        return "tcp";
    }
}
