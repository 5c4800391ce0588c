package io.watchtower.tower.redisqueue;

import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.watchtower.net.PemTrust;
import io.watchtower.spi.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The tower's {@code tls} setting: {@code tls = true}, or a block
 * {@code tls { ca-file, verify, server-name }} (a block turns TLS on).
 *
 * @param trust the CAs of {@code ca-file}, or null for the JDK's
 * @param verify whether the certificate chain and name are checked
 * @param serverName the name sent as SNI and looked for in the certificate, or null for the
 *        host of {@code servers}
 */
record TlsSettings(TrustManagerFactory trust, boolean verify, String serverName) {

    private static final List<String> BLOCK_KEYS = List.of("tls.ca-file", "tls.verify", "tls.server-name");

    /**
     * @param settings the tower's settings
     * @return the TLS settings, or null without TLS
     */
    static TlsSettings parse(Settings settings) {
        if (settings.has("tls-ca-file")) {
            throw settings.invalid("tls-ca-file", "tls.ca-file instead: the key moved into the tls block,"
                    + " write tls { ca-file = \"/path/to/ca.pem\" }");
        }
        boolean block = false;
        for (String key : BLOCK_KEYS) {
            block |= settings.has(key);
        }
        if (!block && !enabledByFlag(settings)) {
            return null;
        }
        boolean verify = settings.bool("tls.verify", true);
        Optional<String> serverName = settings.optionalString("tls.server-name").map(String::strip);
        if (serverName.isPresent()) {
            try {
                new SNIHostName(serverName.get());
            } catch (IllegalArgumentException e) {
                throw settings.invalid("tls.server-name", "a DNS host name (" + e.getMessage() + ")");
            }
        }
        TrustManagerFactory trust = null;
        Optional<String> caFile = settings.optionalString("tls.ca-file");
        if (caFile.isPresent()) {
            try {
                trust = PemTrust.of(Path.of(caFile.get()));
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                throw settings.invalid("tls.ca-file", "a readable PEM file of CA certificates (" + e.getMessage() + ")");
            }
        }
        return new TlsSettings(trust, verify, serverName.orElse(null));
    }

    /** {@code tls = true}; an empty {@code tls { }} block, which is no boolean, turns TLS on too. */
    private static boolean enabledByFlag(Settings settings) {
        if (!settings.has("tls")) {
            return false;
        }
        try {
            return settings.bool("tls", false);
        } catch (RuntimeException notABoolean) {
            return true; // tls { }: a block with every default
        }
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
                p.setServerNames(List.of(new SNIHostName(name)));
                return p;
            });
        }
        return b.build();
    }
}
