package io.watchtower.runtime.registry;

import io.watchtower.net.ClientTls;
import io.watchtower.net.TlsSettings;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Objects;

/**
 * The PostgreSQL driver's TLS sockets for the fleet registry, made from the registry's
 * {@code tls { ca-file, verify, server-name }} block ({@link TlsSettings}) — the same trust loader
 * and the same meaning as every other TLS client of the daemon. The driver creates one per
 * connection from its connection properties ({@code sslfactory}); those carry only a key
 * ({@link #key(TlsSettings)}, put there by {@link PostgresSettings#jdbcUrl()}) to the settings
 * loaded when the configuration was read, so the CA file is read once, not per connection.
 * There is one key per {@code ca-file}, {@code verify} and {@code server-name}; it names the
 * settings loaded last with them, so a reload that reads a renewed CA file serves it to the
 * connections opened after it, and nothing piles up across reloads.
 *
 * <p>The chain is checked by the block's trust and, when verifying, the name by the JDK's endpoint
 * identification against {@code server-name} or else the URL's host; the name is sent as SNI.
 */
public final class RegistryTlsSocketFactory extends SSLSocketFactory {

    /** Connection property: the key of the loaded settings. */
    static final String SETTINGS = "watchtower.tls.settings";

    /** Keys by the block's values. */
    private static final Map<String, String> KEYS = new HashMap<>();
    /** The settings loaded last, by key. */
    private static final Map<String, TlsSettings> LOADED = new HashMap<>();

    private final TlsSettings tls;
    private final SSLSocketFactory delegate;

    /**
     * Called by the driver with the connection's properties.
     *
     * @param info the connection properties
     * @throws IOException when they name no loaded settings
     * @throws GeneralSecurityException when the JDK has no TLS
     */
    public RegistryTlsSocketFactory(Properties info) throws IOException, GeneralSecurityException {
        this.tls = loaded(info.getProperty(SETTINGS));
        this.delegate = tls.jdkContext().getSocketFactory();
    }

    /**
     * @param tls settings loaded with the configuration
     * @return the key a connection property names them by, now naming these settings
     */
    static synchronized String key(TlsSettings tls) {
        String values = tls.caFile() + "|" + tls.verify() + "|" + Objects.toString(tls.serverName(), "");
        String key = KEYS.computeIfAbsent(values, v -> Integer.toString(KEYS.size() + 1));
        LOADED.put(key, tls);
        return key;
    }

    private static synchronized TlsSettings loaded(String key) throws IOException {
        TlsSettings tls = key == null ? null : LOADED.get(key);
        if (tls == null) {
            throw new IOException("no registry TLS settings are loaded under " + SETTINGS + " = " + key
                    + ": connect with the URL of PostgresSettings.jdbcUrl()");
        }
        return tls;
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
