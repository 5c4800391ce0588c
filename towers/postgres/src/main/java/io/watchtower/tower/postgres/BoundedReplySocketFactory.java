package io.watchtower.tower.postgres;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The driver's {@code socketFactory} for the tower's sessions: plain TCP sockets whose input
 * refuses a receive buffer larger than {@code max-reply-bytes} (see {@link BoundedReplyInputStream}),
 * so a server that declares a huge reply fails its own probe instead of exhausting the heap.
 *
 * <p>Public only because the driver instantiates it by name; the limit comes in as
 * {@code socketFactoryArg}. Not part of the tower's API.
 */
public final class BoundedReplySocketFactory extends SocketFactory {

    private final long limit;

    /**
     * Called by the driver with the connection's {@code socketFactoryArg}.
     *
     * @param limit the largest receive buffer, in bytes, as decimal text
     */
    public BoundedReplySocketFactory(String limit) {
        this.limit = parseLimit(limit);
    }

    static long parseLimit(String text) {
        try {
            long value = Long.parseLong(text == null ? "" : text.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("socketFactoryArg must be the largest reply in bytes, not \"" + text + "\"");
    }

    @Override
    public Socket createSocket() {
        return new BoundedReplySocket(limit);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    /** A plain socket whose input is bounded. */
    private static final class BoundedReplySocket extends Socket {
        private final long limit;

        BoundedReplySocket(long limit) {
            this.limit = limit;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new BoundedReplyInputStream(super.getInputStream(), limit, this::getRemoteSocketAddress);
        }
    }
}
