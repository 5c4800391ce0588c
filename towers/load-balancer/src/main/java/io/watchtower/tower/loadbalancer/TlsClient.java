package io.watchtower.tower.loadbalancer;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's TLS client as the tower configures it ({@code tls.verify}, {@code tls.ca-file}): layers
 * TLS over a connected socket, with the peer's host name for SNI and, when verifying, for host name
 * verification.
 */
final class TlsClient {

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

    private final SSLSocketFactory factory;
    private final boolean verifyHostname;

    private TlsClient(SSLContext context, boolean verifyHostname) {
        this.factory = context.getSocketFactory();
        this.verifyHostname = verifyHostname;
    }

    /** @return a client trusting the JDK's trust store, verifying chains and host names */
    static TlsClient trustingTheJdk() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        return new TlsClient(context, true);
    }

    /**
     * @param pem a PEM file of CA certificates
     * @return a client trusting only those CAs, verifying chains and host names
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it holds no usable certificate
     */
    static TlsClient trusting(Path pem) throws IOException, GeneralSecurityException {
        // ISO-8859-1 never fails: bundles carry comments in any encoding between the blocks
        String text = Files.readString(pem, StandardCharsets.ISO_8859_1);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Matcher block = PEM_CERTIFICATE.matcher(text);
        int count = 0;
        try {
            while (block.find()) {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                store.setCertificateEntry("ca-" + count++, x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (IllegalArgumentException e) {
            throw new CertificateException("File does not contain valid certificates: " + pem, e);
        }
        if (count == 0) {
            throw new CertificateException("File does not contain valid certificates: " + pem);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return new TlsClient(context, true);
    }

    /**
     * {@code tls.verify = false}: any certificate and any host name is accepted (its expiry is still
     * read). For servers with self-signed certificates when no CA file is at hand.
     *
     * @return a client that verifies nothing
     */
    static TlsClient trustingAnyCertificate() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AnyCertificate()}, null);
        return new TlsClient(context, false);
    }

    /**
     * Layers TLS over a connected socket; the handshake starts with the first read or write, or
     * {@link SSLSocket#startHandshake()}. Closing the TLS socket closes {@code plain}.
     *
     * @param plain the connected TCP socket
     * @param host the URI's host: a name (sent as SNI) or an IP literal (no SNI)
     * @param port the port
     * @return the TLS socket
     * @throws IOException when the socket cannot be layered
     */
    SSLSocket layer(Socket plain, String host, int port) throws IOException {
        String peer = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, peer, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        parameters.setServerNames(serverNames(peer));
        tls.setSSLParameters(parameters);
        return tls;
    }

    /** SNI carries host names only; a name SNI cannot carry (e.g. with an underscore) is left out. */
    private static List<SNIServerName> serverNames(String host) {
        if (HttpFetcher.isIpLiteral(host)) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(host));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    /** Trusts every certificate chain; an extended trust manager, so the JDK adds no checks of its own. */
    private static final class AnyCertificate extends X509ExtendedTrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
