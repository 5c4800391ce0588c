package io.watchtower.tower.redisqueue;

import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.watchtower.net.ClientTls;
import io.watchtower.spi.Settings;

import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The tower's {@code tls} setting, read as every TLS client of the daemon reads it
 * ({@link io.watchtower.net.TlsSettings#read}): {@code tls = true}, or a block
 * {@code tls { ca-file, verify, server-name }} (a block turns TLS on), in Lettuce's terms.
 *
 * @param trust the CAs of {@code ca-file}, or null for the JDK's
 * @param verify whether the certificate chain and name are checked
 * @param serverName the name sent as SNI and looked for in the certificate, or null for the
 *        host of {@code servers}
 */
record LettuceTls(TrustManagerFactory trust, boolean verify, String serverName) {

    /**
     * @param settings the tower's settings
     * @return the TLS settings (the shared {@code tls} block, {@link io.watchtower.net.TlsSettings}), or null without TLS
     */
    static LettuceTls parse(Settings settings) {
        return io.watchtower.net.TlsSettings.read(settings)
                .map(tls -> new LettuceTls(tls.caFile() == null ? null : tls.trust(), tls.verify(), tls.serverName()))
                .orElse(null);
    }

    /** @return Lettuce's verification mode: the chain and the name, or nothing */
    SslVerifyMode verifyMode() {
        return verify ? SslVerifyMode.FULL : SslVerifyMode.NONE;
    }

    /**
     * @param handshakeTimeout the TLS handshake's deadline
     * @return Lettuce's SSL options: the JDK's provider, these CAs, this server name
     */
    SslOptions sslOptions(Duration handshakeTimeout) {
        SslOptions.Builder b = SslOptions.builder().jdkSslProvider().handshakeTimeout(handshakeTimeout);
        if (trust != null) {
            b.trustManager(trust);
        }
        if (serverName != null) {
            String name = serverName;
            b.sslParameters(() -> {
                SSLParameters p = new SSLParameters();
                p.setServerNames(ClientTls.serverNames(name));
                return p;
            });
        }
        return b.build();
    }
}
