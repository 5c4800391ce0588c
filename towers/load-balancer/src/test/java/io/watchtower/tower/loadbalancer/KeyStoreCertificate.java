package io.watchtower.tower.loadbalancer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate made with the JDK's keytool, for {@code localhost} only (no IP
 * address in it, so https://127.0.0.1 fails host name verification). Its PEM doubles as the CA
 * file that trusts it.
 *
 * @param keyStore the PKCS12 key store with the key and certificate
 * @param pem the certificate as PEM, usable as {@code tls.ca-file}
 */
record KeyStoreCertificate(Path keyStore, Path pem) {

    private static final String PASSWORD = "test-only";

    /** The certificates of this test JVM, by validity in days. */
    private static final java.util.Map<Integer, KeyStoreCertificate> SHARED = new java.util.HashMap<>();

    /**
     * One certificate per validity for the whole test JVM: keytool is a JVM of its own, run twice
     * per certificate, and the tests only read the certificate.
     *
     * @param days how long it is valid from now
     * @return the certificate, made on first use under {@code target/}
     */
    static synchronized KeyStoreCertificate shared(int days) throws Exception {
        KeyStoreCertificate certificate = SHARED.get(days);
        if (certificate == null) {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "certificates")), days + "d-");
            certificate = localhost(dir, days);
            SHARED.put(days, certificate);
        }
        return certificate;
    }

    static KeyStoreCertificate localhost(Path dir, int days) throws Exception {
        Path store = dir.resolve("server.p12");
        Path pem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", Integer.toString(days), "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
        return new KeyStoreCertificate(store, pem);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived JVM: the quick compiler and the serial collector start it with the least CPU
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-XX:-UsePerfData"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** @return a server-side TLS context presenting this certificate */
    SSLContext serverContext() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    X509Certificate certificate() throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
