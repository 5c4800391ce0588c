package io.watchtower.net;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLParameters;

/**
 * A {@code tls { ca-file, verify, server-name }} block ({@link TlsSettings}) in Lettuce's terms, so
 * the redis-queue tower and the Redis Stream channel speak TLS to Redis the same way: the CAs of
 * {@code ca-file} (or the JDK's), the chain and the name checked unless {@code verify = false}, and
 * {@code server-name} sent as SNI and looked for in the certificate instead of the address's host.
 *
 * @param settings the block as read by {@link TlsSettings#read}
 */
public record LettuceTls(TlsSettings settings) {

    /** @param settings the block as read by {@link TlsSettings#read} */
    public LettuceTls {
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * Turns TLS on for a connection and sets how its peer is verified.
     *
     * @param uri the connection's address, being built
     * @return the same builder
     */
    public RedisURI.Builder secure(RedisURI.Builder uri) {
        return uri.withSsl(true).withVerifyPeer(settings.verify() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
    }

    /**
     * @param handshakeTimeout the TLS handshake's deadline
     * @return Lettuce's SSL options: the JDK's provider, these CAs, this server name
     */
    public SslOptions sslOptions(Duration handshakeTimeout) {
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider().handshakeTimeout(handshakeTimeout);
        if (settings.trust() != null) {
            b.trustManager(settings.trust());
        }
        String name = settings.serverName();
        if (name != null) {
            b.sslParameters(() -> {
                SSLParameters p = new SSLParameters();
                p.setServerNames(ClientTls.serverNames(name));
                return p;
            });
        }
        return b.build();
    }
}
