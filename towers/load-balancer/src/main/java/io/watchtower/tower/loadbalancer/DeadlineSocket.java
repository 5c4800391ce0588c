package io.watchtower.tower.loadbalancer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A plain TCP socket whose connect and every read wait at most until the exchange's deadline.
 *
 * <p>The TLS layer ({@link javax.net.ssl.SSLSocket} over this socket) reads the network through
 * {@link #getInputStream()}, so the deadline also holds inside a TLS handshake or a TLS record: a
 * server that drips one byte at a time cannot stretch a read past it, whatever the layer above
 * asked for.
 *
 * <p>A blocking socket read does not end when its thread is interrupted, so a read waits in slices
 * of at most {@value #INTERRUPT_CHECK_MILLIS} ms and throws {@link InterruptedIOException} (leaving
 * the interrupt flag set) when the probe was cancelled meanwhile. A connect is bounded by the
 * deadline only. Writes are not bounded: the tower only writes a request of a few hundred bytes,
 * which fits in the socket's send buffer of a fresh connection.
 */
final class DeadlineSocket extends Socket {

    static final int INTERRUPT_CHECK_MILLIS = 100;

    private final Deadline deadline;
    private InputStream input;
    private volatile boolean ended;

    DeadlineSocket(Deadline deadline) {
        this.deadline = deadline;
    }

    /**
     * Connects, waiting at most the time left.
     *
     * @param address where to
     * @throws SocketTimeoutException when the deadline passes first
     * @throws IOException when the connection fails (refused, unreachable, ...)
     */
    void connect(InetSocketAddress address) throws IOException {
        connect(address, deadline.millisLeft());
    }

    /**
     * From now on the input reports its end without reading. Called before closing: closing a TLS
     * 1.3 socket would otherwise wait (until the deadline) for one more record from the peer.
     */
    void endInput() {
        ended = true;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (input == null) {
            input = new DeadlineInput(super.getInputStream());
        }
        return input;
    }

    /** The socket's input, each read bounded by the deadline and the interrupt flag. */
    private final class DeadlineInput extends FilterInputStream {

        DeadlineInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (ended) {
                    return -1;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted");
                }
                setSoTimeout(Math.min(deadline.millisLeft(), INTERRUPT_CHECK_MILLIS));
                try {
                    return in.read(b, off, len);
                } catch (SocketTimeoutException e) {
                    // a slice ended; the socket is still usable: check the flag and the deadline again
                }
            }
        }

        /**
         * Always 0. Before closing, and when a handshake fails, the TLS layer drains whatever is
         * available (to spare the peer a TCP reset); against a server still sending a huge body or
         * garbage that would go on reading until the deadline. The tower closes mid-body on
         * purpose, so there is never anything worth draining.
         */
        @Override
        public int available() {
            return 0;
        }

        @Override
        public long skip(long n) throws IOException {
            // through read(), so the deadline holds while skipping too
            if (n <= 0) {
                return 0;
            }
            int chunk = (int) Math.min(n, 512);
            return Math.max(0, read(new byte[chunk], 0, chunk));
        }
    }
}
