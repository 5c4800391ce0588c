package io.watchtower.tower.loadbalancer;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code tls} settings as the factory wires them into the client. */
class LoadBalancerTowerTlsTest {

    private static final LoadBalancerTowerFactory FACTORY = new LoadBalancerTowerFactory();

    @Test
    void anHttpsFrontendIsTrustedThroughTheCaFileSetting() throws Exception {
        KeyStoreCertificate certificate = KeyStoreCertificate.shared(30);
        try (ScriptedServer server = ScriptedServer.tls(certificate.serverContext(),
                ScriptedServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
             // a generous timeout: the first https probe of a JVM loads Netty's and the JDK's TLS classes
             TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 10s\n"
                     + "frontends = [ { name = \"tls\", url = \"" + server.uri("https", "localhost", "/") + "\" } ]\n"
                     + "tls.ca-file = \"" + certificate.pem() + "\"", "baseline.warm-up = 5", new FakeClock(Instant.now()))) {
            h.probe();
            assertThat(h.lastResult().context().get("tls")).doesNotContainKey("failure");
            assertThat(h.series("tls", "status_class").orElseThrow().last().state()).isEqualTo("2xx");
            assertThat(h.series("tls", "tls_time")).isPresent();
            assertThat(h.series("tls", "tls_cert_days_left").orElseThrow().last().value()).isBetween(29.0, 30.01);
        }
    }

    @Test
    void theServerNameIsSentAsSniAndVerifiedInsteadOfTheUrlsHost() throws Exception {
        KeyStoreCertificate certificate = KeyStoreCertificate.shared(30);
        java.util.concurrent.atomic.AtomicReference<String> sni = new java.util.concurrent.atomic.AtomicReference<>();
        try (ScriptedServer server = ScriptedServer.tls(certificate.serverContext(), (socket, in, out) -> {
            ScriptedServer.requestHead(in);
            var names = ((javax.net.ssl.ExtendedSSLSession) ((javax.net.ssl.SSLSocket) socket).getSession())
                    .getRequestedServerNames();
            sni.set(names.isEmpty() ? "" : new String(names.get(0).getEncoded(), java.nio.charset.StandardCharsets.US_ASCII));
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        })) {
            // the certificate names localhost; the URL has the address
            String frontend = "frontends = [ { name = \"tls\", url = \"" + server.uri("https", "127.0.0.1", "/") + "\" } ]\n";
            try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 10s\n" + frontend
                    + "tls { ca-file = \"" + certificate.pem() + "\", server-name = \"localhost\" }", "baseline.warm-up = 5",
                    new FakeClock(Instant.now()))) {
                h.probe();
                assertThat(h.lastResult().context().get("tls")).doesNotContainKey("failure");
                assertThat(h.series("tls", "status_class").orElseThrow().last().state()).isEqualTo("2xx");
                assertThat(sni.get()).isEqualTo("localhost");
            }
            try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 10s\n" + frontend
                    + "tls { ca-file = \"" + certificate.pem() + "\" }", "baseline.warm-up = 5", new FakeClock(Instant.now()))) {
                h.probe();
                assertThat(h.lastResult().context().get("tls").get("failure")).startsWith("TLS handshake failed: ")
                        .contains("127.0.0.1");
            }
        }
    }

    @Test
    void flatTlsKeysAreRefusedNamingTheBlock(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "frontends = [ { url = \"https://127.0.0.1:1/\" } ]\n"
                + "tls-ca-file = \"" + dir.resolve("ca.pem") + "\""))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tls-ca-file")
                .hasMessageContaining("tls { ca-file = ... }");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "frontends = [ { url = \"https://127.0.0.1:1/\" } ]\n"
                + "tls.server-name = \"not a name\""))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tls.server-name")
                .hasMessageContaining("a host name");
    }

    @Test
    void aCaFileWithoutCertificatesIsAConfigurationError(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "# no certificates here\n");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "frontends = [ { url = \"https://127.0.0.1:1/\" } ]\n"
                + "tls.ca-file = \"" + empty + "\""))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tls.ca-file")
                .hasMessageContaining("does not contain valid certificates");
    }
}
