package io.watchtower.launcher;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.channel.ChannelFactory;
import io.watchtower.runtime.channel.SignalChannel;
import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.NginxServer;
import io.watchtower.testkit.fixture.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP alert channels (Alertmanager, Slack-compatible webhook, generic webhook) over TLS to a
 * real nginx, set up by the same {@code tls { ca-file, verify, server-name }} block as every TLS
 * client of the daemon. The certificates are throwaway self-signed CAs made by openssl for this run.
 */
class HttpChannelTlsTest {

    private static Path dir;
    /** Names 127.0.0.1 and localhost. */
    private static TestCertificate local;
    /** Names only alerts.test. */
    private static TestCertificate named;
    /** Trusted by nobody here: the wrong CA. */
    private static TestCertificate stranger;
    private static NginxServer nginx;
    private static NginxServer namedNginx;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("channel-tls");
        local = TestCertificate.create(dir, "localhost", "DNS:localhost", "IP:127.0.0.1");
        named = TestCertificate.create(dir, "alerts.test", "DNS:alerts.test");
        stranger = TestCertificate.create(dir, "stranger", "DNS:localhost", "IP:127.0.0.1");
        String locations = "location = /api/v2/alerts { return 200 \"[]\"; }\n"
                + "    location = /hook { return 200; }\n"
                + "    location = /services/T0/B0/X { return 200 \"ok\"; }\n"
                + "    location = /rejecting { return 400 \"no such receiver\"; }\n"
                // answers 200 only to a client that asked for alerts.test by SNI
                + "    location = /sni { if ($ssl_server_name != \"alerts.test\") { return 421; } return 200; }";
        nginx = NginxServer.builder().serverDirectives(locations).tls(local).start();
        namedNginx = NginxServer.builder().serverDirectives(locations).tls(named).start();
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (namedNginx != null) {
            namedNginx.close();
        }
    }

    private static SignalChannel channel(String type, String url, String tls) {
        String block = "type = " + type + ", url = \"" + url + "\"" + (tls.isEmpty() ? "" : ", tls { " + tls + " }");
        return ChannelFactory.create(new ChannelConfig(type, type, ConfigFactory.parseString(block),
                "watchtower.channels[0]"), TowerClock.system(), ChannelSignals.defaultEscalation(), "http://db-mon-1:9477/");
    }

    private static Notification notification() {
        Instant since = Instant.now().minusSeconds(60);
        return ChannelSignals.notification(ChannelSignals.signal("db-mon-1", "orders-db", "replication_lag_seconds",
                "firing", "critical", since, since.plusSeconds(30)));
    }

    private static String ca(TestCertificate certificate) {
        return "ca-file = \"" + certificate.certificate() + "\"";
    }

    @Test
    void everyHttpChannelReachesAnHttpsEndpointThroughItsCaFile() throws Exception {
        URI base = nginx.httpsUri();
        channel("alertmanager", base.toString(), ca(local)).deliver(notification());
        channel("webhook", base.resolve("/hook").toString(), ca(local)).deliver(notification());
        channel("slack", base.resolve("/services/T0/B0/X").toString(), ca(local)).deliver(notification());
        // the answer came from this nginx over TLS: its 400 is a rejection
        assertThatThrownBy(() -> channel("webhook", base.resolve("/rejecting").toString(), ca(local))
                .deliver(notification())).hasMessageContaining("HTTP 400").hasMessageContaining("no such receiver");
    }

    @Test
    void aWrongCaFailsWithAMessageNamingThePeerAndTheCaFile() {
        URI hook = nginx.httpsUri().resolve("/hook");
        assertThatThrownBy(() -> channel("webhook", hook.toString(), ca(stranger)).deliver(notification()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("TLS handshake with 127.0.0.1:" + hook.getPort() + " failed")
                .hasMessageContaining("trusting tls.ca-file " + stranger.certificate())
                .hasMessageContaining("certification path");
        assertThatThrownBy(() -> channel("alertmanager", nginx.httpsUri().toString(), "").deliver(notification()))
                .as("without a tls block an https URL is checked against the JDK's CAs, which do not know this one")
                .hasMessageContaining("trusting the JDK's CA store");
    }

    @Test
    void verifyOffAcceptsAnUntrustedCertificateAndOnlyThen() throws Exception {
        URI hook = nginx.httpsUri().resolve("/hook");
        channel("webhook", hook.toString(), ca(stranger) + ", verify = false").deliver(notification());
        channel("webhook", hook.toString(), "verify = false").deliver(notification());
        assertThatThrownBy(() -> channel("webhook", hook.toString(), ca(stranger) + ", verify = true")
                .deliver(notification())).hasMessageContaining("TLS handshake");
    }

    @Test
    void theServerNameIsSentAsSniAndCheckedInsteadOfTheUrlsHost() throws Exception {
        URI sni = namedNginx.httpsUri().resolve("/sni");
        assertThatThrownBy(() -> channel("webhook", sni.toString(), ca(named)).deliver(notification()))
                .as("the certificate names alerts.test, not 127.0.0.1")
                .hasMessageContaining("TLS handshake").hasMessageContaining("127.0.0.1");
        channel("webhook", sni.toString(), ca(named) + ", server-name = \"alerts.test\"").deliver(notification());
        assertThatThrownBy(() -> channel("webhook", sni.toString(), ca(named) + ", server-name = \"other.test\"")
                .deliver(notification())).as("a server name the certificate does not carry fails too")
                .hasMessageContaining("server-name other.test");
        assertThatThrownBy(() -> channel("webhook", sni.toString(), "verify = false").deliver(notification()))
                .as("without server-name no SNI names alerts.test, and nginx answers 421")
                .hasMessageContaining("HTTP 421");
    }
}
