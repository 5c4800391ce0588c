package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * Opens and closes one TCP connection, timing the handshake. Nothing is sent. The probe thread waits
 * for the handshake in a single poll of the socket, bounded by the attempt's timeout; an interrupt
 * closes the socket and ends the wait ({@link java.nio.channels.ClosedByInterruptException}).
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
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (SocketChannel channel = opener.open()) {
            long started = clock.nanoTime();
            try {
                // a blocking channel's adaptor connects without a selector: one poll of the socket, at most millis
                channel.socket().connect(new InetSocketAddress(address, target.port()), millis);
            } catch (SocketTimeoutException e) {
                throw new IOException("connect timed out after " + timeout.toMillis() + " ms", e);
            }
            double elapsed = (clock.nanoTime() - started) / 1e6;
            if (connectedToItself(channel)) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                throw new IOException("connected to itself: source port " + target.port()
                        + " is the target's, so nothing listens there (closed port in the ephemeral range)");
            }
            return elapsed;
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
