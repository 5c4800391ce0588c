package io.watchtower.net;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.watchtower.spi.Settings;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/**
 * The one TLS client configuration of the daemon, the block {@code tls { ca-file, verify, server-name }}
 * that the load-balancer and redis-queue towers, the fleet registry and the HTTP alert channels all
 * read the same way ({@link #read(Settings)}):
 *
 * <ul>
 *   <li>{@code ca-file}: a PEM file of the CAs to trust (read by {@link PemTrust}) instead of the JDK's;</li>
 *   <li>{@code verify} (default true): whether the certificate chain and the name are checked;</li>
 *   <li>{@code server-name}: the name sent as SNI and looked for in the certificate, instead of the
 *       host of the URL or address.</li>
 * </ul>
 *
 * <p>Flat spellings ({@code tls-ca-file}) are refused with a message naming the block.
 *
 * @param caFile the CA file, or null for the JDK's trust store
 * @param trust the trust the settings give: the CA file's, any certificate's when not verifying,
 *        or null for the JDK's
 * @param verify whether the chain and the name are checked
 * @param serverName the name to ask for and verify instead of the peer's host, or null
 */
public record TlsSettings(Path caFile, TrustManagerFactory trust, boolean verify, String serverName) {

    private static final List<String> BLOCK_KEYS = List.of("ca-file", "verify", "server-name");

    /** @return trust in the JDK's CA store, verifying the chain and the peer's host name */
    public static TlsSettings jdkDefaults() {
        return new TlsSettings(null, null, true, null);
    }

    /**
     * Reads the {@code tls} key of a block: a block {@code tls { ca-file, verify, server-name }}
     * (empty or not), or {@code tls = true}. Every problem names its key, where it was set and
     * what was expected.
     *
     * @param settings the block holding {@code tls}
     * @return the settings, or empty when the block has no {@code tls} or {@code tls = false}
     * @throws io.watchtower.spi.SettingsException for a flat key, a bad server name, or a CA file
     *         that cannot be read or holds no certificate
     */
    public static Optional<TlsSettings> read(Settings settings) {
        for (String key : BLOCK_KEYS) {
            if (settings.has("tls-" + key)) {
                throw settings.invalid("tls-" + key, "the TLS settings in one block: tls { " + key + " = ... }"
                        + " (its keys are ca-file, verify and server-name)");
            }
        }
        boolean block = false;
        for (String key : BLOCK_KEYS) {
            block |= settings.has("tls." + key);
        }
        if (!block && !enabledByFlag(settings)) {
            return Optional.empty();
        }
        boolean verify = settings.bool("tls.verify", true);
        String serverName = settings.optionalString("tls.server-name").map(String::strip).orElse(null);
        if (serverName != null) {
            String problem = serverNameProblem(serverName);
            if (problem != null) {
                throw settings.invalid("tls.server-name", "a host name such as alerts.example.com, sent as SNI and"
                        + " checked against the certificate instead of the address's host (" + problem + ")");
            }
        }
        Path caFile = settings.optionalString("tls.ca-file").map(Path::of).orElse(null);
        if (caFile != null && !Files.isReadable(caFile)) {
            throw settings.invalid("tls.ca-file", "a readable PEM file of CA certificates (" + caFile + " cannot be read)");
        }
        try {
            return Optional.of(of(caFile, verify, serverName));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw settings.invalid("tls.ca-file", "a readable PEM file of CA certificates (" + e.getMessage() + ")");
        }
    }

    /**
     * @param caFile the CA file, or null for the JDK's trust store
     * @param verify whether the chain and the name are checked (when not, the CA file is still read and checked)
     * @param serverName the name to ask for and verify instead of the peer's host, or null
     * @return the settings, with the CA file's trust loaded by {@link PemTrust}
     * @throws IOException when the CA file cannot be read
     * @throws GeneralSecurityException when it holds no usable certificate
     */
    public static TlsSettings of(Path caFile, boolean verify, String serverName)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = caFile != null ? PemTrust.of(caFile) : null;
        if (!verify) {
            trust = InsecureTrustManagerFactory.INSTANCE;
        }
        return new TlsSettings(caFile, trust, verify, serverName);
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

    /**
     * @param name a candidate {@code server-name}
     * @return why it cannot be sent as SNI, or null when it can
     */
    static String serverNameProblem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (ClientTls.isIpLiteral(name)) {
            return null; // sent as no SNI, checked against the certificate's IP addresses
        }
        try {
            new SNIHostName(name);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * A JDK TLS context with this trust, for clients built on the JDK's sockets (the PostgreSQL driver).
     *
     * @return the context; host names are checked by the socket's endpoint identification, not here
     * @throws GeneralSecurityException when the JDK has no TLS
     */
    public SSLContext jdkContext() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    /**
     * @param peer the host and port the handshake was with
     * @param failure why it failed
     * @return a message an operator can act on: the peer, the trust and name used, and the JDK's reason
     */
    public String handshakeFailure(String peer, Throwable failure) {
        String trust = !verify ? "verify = false" : caFile != null ? "trusting tls.ca-file " + caFile
                : "trusting the JDK's CA store";
        String name = serverName != null ? ", server-name " + serverName : "";
        String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        return "TLS handshake with " + peer + " failed (" + trust + name + "): " + reason;
    }

    @Override
    public String toString() {
        return "tls { ca-file = " + (caFile == null ? "(the JDK's)" : caFile) + ", verify = " + verify
                + (serverName == null ? "" : ", server-name = " + serverName) + " }";
    }
}
