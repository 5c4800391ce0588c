package io.watchtower.net;

import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trust in the CAs of one PEM file — the single place every TLS client of the daemon (towers,
 * channels, the registry) turns a {@code tls.ca-file} into a trust manager.
 */
public final class PemTrust {

    private static final Pattern PEM_CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private PemTrust() {
    }

    /**
     * @param pem a PEM file of one or more CA certificates (comments between the blocks are fine)
     * @return a trust manager factory trusting exactly those CAs
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it holds no usable certificate
     */
    public static TrustManagerFactory of(Path pem) throws IOException, GeneralSecurityException {
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
            throw new CertificateException("file does not contain valid certificates: " + pem, e);
        }
        if (count == 0) {
            throw new CertificateException("file does not contain valid certificates: " + pem);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return trust;
    }
}
