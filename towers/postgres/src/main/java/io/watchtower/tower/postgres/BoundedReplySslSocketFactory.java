package io.watchtower.tower.postgres;

import org.postgresql.PGProperty;
import org.postgresql.ssl.LibPQFactory;
import org.postgresql.util.PSQLException;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;

/**
 * The driver's {@code sslfactory} for the tower's sessions: the driver's own libpq-compatible
 * factory (so every {@code sslmode} behaves as without it), whose TLS sockets hand out an input
 * bounded like {@link BoundedReplySocketFactory}'s: over TLS the driver reads its messages from the
 * TLS socket, not from the plain one underneath.
 *
 * <p>Public only because the driver instantiates it by name; the limit is the connection's
 * {@code socketFactoryArg}. Not part of the tower's API.
 */
public final class BoundedReplySslSocketFactory extends SSLSocketFactory {

    private final LibPQFactory delegate;
    private final long limit;

    /**
     * Called by the driver with the connection's properties.
     *
     * @param info the connection properties ({@code sslmode}, {@code socketFactoryArg}, ...)
     * @throws PSQLException when the driver's factory rejects the TLS settings
     */
    public BoundedReplySslSocketFactory(Properties info) throws PSQLException {
        this.delegate = new LibPQFactory(info);
        this.limit = BoundedReplySocketFactory.parseLimit(PGProperty.SOCKET_FACTORY_ARG.getOrDefault(info));
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return bounded(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return bounded(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return bounded(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return bounded(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return bounded(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket bounded(Socket socket) {
        return new BoundedReplySslSocket((SSLSocket) socket, limit, delegate::throwKeyManagerException);
    }
}
