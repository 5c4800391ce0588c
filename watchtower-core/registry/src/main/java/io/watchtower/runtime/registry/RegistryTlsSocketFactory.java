package io.watchtower.runtime.registry;

import io.watchtower.net.ClientTls;
import io.watchtower.net.TlsSettings;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Properties;

/**
 * The PostgreSQL driver's TLS sockets for the fleet registry, made from the registry's
 * {@code tls { ca-file, verify, server-name }} block ({@link TlsSettings}) — the same trust loader
 * and the same meaning as every other TLS client of the daemon. The driver creates one per
 * connection from its connection properties ({@code sslfactory}), where
 * {@link PostgresSettings#jdbcUrl()} put the block's values.
 *
 * <p>The chain is checked by the block's trust and, when verifying, the name by the JDK's endpoint
 * identification against {@code server-name} or else the URL's host; the name is sent as SNI.
 */
public final class RegistryTlsSocketFactory extends SSLSocketFactory {

    /** Connection property: the CA file. */
    static final String CA_FILE = "watchtower.tls.ca-file";
    /** Connection property: {@code true} or {@code false}. */
    static final String VERIFY = "watchtower.tls.verify";
    /** Connection property: the server name. */
    static final String SERVER_NAME = "watchtower.tls.server-name";

    private final TlsSettings tls;
    private final SSLSocketFactory delegate;

    /**
     * Called by the driver with the connection's properties.
     *
     * @param info the connection properties
     * @throws IOException when the CA file cannot be read
     * @throws GeneralSecurityException when it holds no certificate, or the JDK has no TLS
     */
    public RegistryTlsSocketFactory(Properties info) throws IOException, GeneralSecurityException {
        String caFile = info.getProperty(CA_FILE);
        TlsSettings tls = TlsSettings.of(caFile == null || caFile.isEmpty() ? null : Path.of(caFile),
                !"false".equals(info.getProperty(VERIFY)), info.getProperty(SERVER_NAME));
        this.tls = tls;
        this.delegate = tls.jdkContext().getSocketFactory();
    }

    /** The driver's call: TLS over its connected socket (the driver starts the handshake). */
    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        String peer = tls.serverName() != null ? tls.serverName() : host;
        SSLSocket ssl = (SSLSocket) delegate.createSocket(socket, peer, port, autoClose);
        SSLParameters parameters = ssl.getSSLParameters();
        if (tls.verify()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        parameters.setServerNames(ClientTls.serverNames(peer));
        ssl.setSSLParameters(parameters);
        return ssl;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }
}
