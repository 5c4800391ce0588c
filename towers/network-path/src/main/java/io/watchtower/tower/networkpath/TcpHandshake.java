package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Opens and closes one TCP connection, timing the handshake. Nothing is sent.
 *
 * <p>A connection whose local address is its remote address reached no service: while a target
 * port in the ephemeral range is closed, the kernel may hand that very port out as the attempt's
 * source port, and the handshake then completes with itself (TCP simultaneous open). Such an
 * attempt fails, and its socket is reset on close (SO_LINGER 0) so that it leaves no TIME-WAIT
 * holding the port the real service needs to bind.
 */
final class TcpHandshake implements PathProbe {

    /** Opens the attempt's channel; tests bind it to a chosen source port. */
    interface ChannelOpener {
        SocketChannel open() throws IOException;
    }

    private final TowerClock clock;
    private final ChannelOpener opener;

    TcpHandshake(TowerClock clock) {
        this(clock, SocketChannel::open);
    }

    TcpHandshake(TowerClock clock, ChannelOpener opener) {
        this.clock = clock;
        this.opener = opener;
    }

    @Override
    public double roundTrip(Target target, InetAddress address, Duration timeout) throws IOException {
        try (SocketChannel channel = opener.open(); Selector selector = Selector.open()) {
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
            double millis = (clock.nanoTime() - started) / 1e6;
            if (connectedToItself(channel)) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                throw new IOException("connected to itself: source port " + target.port()
                        + " is the target's, so nothing listens there (closed port in the ephemeral range)");
            }
            return millis;
        }
    }

    /**
     * @param channel a connected channel
     * @return whether it is connected to itself: its local address is its remote address
     * @throws IOException when the addresses cannot be read
     */
    static boolean connectedToItself(SocketChannel channel) throws IOException {
        java.net.SocketAddress local = channel.getLocalAddress();
        return local != null && local.equals(channel.getRemoteAddress());
    }

    @Override
    public String method() {
        return "tcp";
    }
}
