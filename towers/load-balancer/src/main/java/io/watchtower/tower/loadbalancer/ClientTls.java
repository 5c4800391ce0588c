package io.watchtower.tower.loadbalancer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.watchtower.net.PemTrust;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The tower's TLS client side: one Netty {@link SslContext} per tower (its own trust, never the
 * process's), whether certificates and host names are verified, and the name to ask for and
 * verify instead of the URL's host ({@code tls.server-name}).
 */
final class ClientTls {

    private final SslContext context;
    private final boolean verify;
    private final String serverName;

    private ClientTls(SslContext context, boolean verify, String serverName) {
        this.context = context;
        this.verify = verify;
        this.serverName = serverName;
    }

    /** @return trust in the JDK's CA store, verifying host names */
    static ClientTls trustingTheJdk() throws SSLException {
        return new ClientTls(context((TrustManagerFactory) null, true), true, null);
    }

    /**
     * @param pem a PEM file of CA certificates
     * @return trust in exactly those CAs (read by {@link PemTrust}), verifying host names
     */
    static ClientTls trusting(Path pem) throws IOException, GeneralSecurityException {
        return new ClientTls(context(PemTrust.of(pem), true), true, null);
    }

    /** @return trust in any certificate and any host name (the expiry is still read) */
    static ClientTls trustingAnyCertificate() throws SSLException {
        return new ClientTls(context(InsecureTrustManagerFactory.INSTANCE, false), false, null);
    }

    /**
     * @param name the name to send as SNI and verify the certificate against, instead of the URL's host
     * @return this trust with that name
     */
    ClientTls withServerName(String name) {
        return new ClientTls(context, verify, name);
    }

    private static SslContext context(TrustManagerFactory trust, boolean verifyHostName) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(trust)
                .endpointIdentificationAlgorithm(verifyHostName ? "HTTPS" : null)
                .build();
    }

    /**
     * A handler for one connection. The peer name is sent as SNI when it is a host name (the JDK
     * sends none for an IP address) and, when verifying, checked against the certificate.
     *
     * @param alloc the channel's allocator
     * @param host the URL's host
     * @param port the port
     * @return the handler; its own handshake timeout is off, the request's deadline bounds it
     */
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        String peer = serverName != null ? serverName : unbracketed(host);
        SslHandler handler = context.newHandler(alloc, peer, port);
        handler.setHandshakeTimeoutMillis(0);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverNames(peer)); // the JDK sends none for a name without a dot
        engine.setSSLParameters(parameters);
        return handler;
    }

    /** SNI carries host names only; an IP address, or a name SNI cannot carry (an underscore), gets none. */
    private static List<SNIServerName> serverNames(String peer) {
        if (HttpFetcher.isIpLiteral(peer)) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(peer));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
