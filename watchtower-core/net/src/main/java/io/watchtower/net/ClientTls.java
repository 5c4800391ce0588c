package io.watchtower.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.NetUtil;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.util.List;

/**
 * The TLS client side of a Netty connection, made from {@link TlsSettings}: one {@link SslContext}
 * per tower or channel (its own trust, never the process's), whether certificates and host names
 * are verified, and the name to ask for and verify instead of the URL's host ({@code tls.server-name}).
 */
public final class ClientTls {

    private final SslContext context;
    private final String serverName;

    private ClientTls(SslContext context, String serverName) {
        this.context = context;
        this.serverName = serverName;
    }

    /**
     * @param settings the {@code tls} block (or {@link TlsSettings#jdkDefaults()})
     * @return the client side those settings describe
     * @throws SSLException when the JDK cannot make the context
     */
    public static ClientTls of(TlsSettings settings) throws SSLException {
        SslContext context = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(settings.trust())
                .endpointIdentificationAlgorithm(settings.verify() ? "HTTPS" : null)
                .build();
        return new ClientTls(context, settings.serverName());
    }

    /**
     * A handler for one connection. The peer name is sent as SNI when it is a host name (the JDK
     * sends none for an IP address) and, when verifying, checked against the certificate.
     *
     * @param alloc the channel's allocator
     * @param host the URL's host
     * @param port the port
     * @return the handler; its own handshake timeout is off, the caller's deadline bounds it
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        String peer = serverName != null ? serverName : unbracketed(host);
        SslHandler handler = context.newHandler(alloc, peer, port);
        handler.setHandshakeTimeoutMillis(0);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverNames(peer)); // the JDK sends none for a name without a dot
        engine.setSSLParameters(parameters);
        return handler;
    }

    /**
     * @param host a host as written in a URL (an IPv6 address may be bracketed)
     * @return whether it is an IP address rather than a name
     */
    public static boolean isIpLiteral(String host) {
        String bare = unbracketed(host);
        return NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare);
    }

    /**
     * SNI carries host names only; an IP address, or a name SNI cannot carry (an underscore), gets none.
     *
     * @param peer the name or address a client connects to
     * @return the server names to send for it
     */
    public static List<SNIServerName> serverNames(String peer) {
        if (isIpLiteral(peer)) {
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
