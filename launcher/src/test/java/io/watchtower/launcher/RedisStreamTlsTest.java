package io.watchtower.launcher;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.channel.ChannelFactory;
import io.watchtower.runtime.channel.SignalChannel;
import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.RedisServer;
import io.watchtower.testkit.fixture.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis Stream channel over TLS to a real redis-server serving a self-signed certificate for
 * 127.0.0.1, with the same {@code tls { ca-file, verify, server-name }} block as the redis-queue
 * tower: a trusted certificate receives the entries; {@code server-name} names the certificate's
 * host when the server is reached by address; {@code verify = false} trusts any certificate; an
 * untrusted certificate, a certificate for another name and a plain-text port deliver nothing and
 * say why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisStreamTlsTest {

    @TempDir
    static Path dir;
    private TestCertificate serverCertificate;
    private TestCertificate otherCa;
    private TestCertificate namedCertificate;
    private RedisServer redis;
    private RedisServer named;

    @BeforeAll
    void start() {
        serverCertificate = TestCertificate.create(dir, "stream-test", "IP:127.0.0.1");
        otherCa = TestCertificate.create(dir, "someone-else", "IP:127.0.0.1");
        namedCertificate = TestCertificate.create(dir, "stream-named", "DNS:stream.redis.test");
        redis = RedisServer.builder().tls(serverCertificate.certificate(), serverCertificate.key()).start();
        named = RedisServer.builder().tls(namedCertificate.certificate(), namedCertificate.key()).start();
    }

    @AfterAll
    void stop() {
        if (redis != null) {
            redis.close();
        }
        if (named != null) {
            named.close();
        }
    }

    private static SignalChannel channel(String host, int port, String stream, String tls) {
        return ChannelFactory.create(new ChannelConfig("stream", "redis-stream", ConfigFactory.parseString(
                "type = redis-stream, url = \"redis://" + host + ":" + port + "/0\", stream = " + stream + "\n" + tls),
                "watchtower.channels[0]"), TowerClock.system(), ChannelSignals.defaultEscalation(), "");
    }

    private static Notification notification(String component) {
        Instant since = Instant.parse("2026-01-10T20:02:10Z");
        Signal s = ChannelSignals.signal("h", component, "depth", "firing", "high", since, since);
        return ChannelSignals.notification(s);
    }

    /** @return the components of the stream's entries, read on the plain-text port */
    private static String entries(RedisServer server, String stream) {
        return server.cli("--raw", "XRANGE", stream, "-", "+");
    }

    @Test
    void aServerWithATrustedCertificateReceivesTheEntries() throws Exception {
        SignalChannel channel = channel("127.0.0.1", redis.tlsPort(), "trusted",
                "tls { ca-file = \"" + serverCertificate.certificate() + "\" }");
        try {
            Notification n = notification("orders-db");
            channel.deliver(n);
            channel.deliver(notification("orders-queue"));
            assertThat(entries(redis, "trusted")).contains(n.id(), "orders-db", "orders-queue");
            assertThat(redis.cli("XLEN", "trusted")).contains("2");
        } finally {
            channel.close();
        }
    }

    @Test
    void serverNameIsTheNameTheCertificateMustCarry() throws Exception {
        SignalChannel channel = channel("127.0.0.1", named.tlsPort(), "named", "tls { ca-file = \""
                + namedCertificate.certificate() + "\", server-name = \"stream.redis.test\" }");
        try {
            channel.deliver(notification("by-name"));
            assertThat(entries(named, "named")).contains("by-name");
        } finally {
            channel.close();
        }
        SignalChannel unnamed = channel("127.0.0.1", named.tlsPort(), "named",
                "tls { ca-file = \"" + namedCertificate.certificate() + "\" }");
        try {
            assertThatThrownBy(() -> unnamed.deliver(notification("by-address"))).isInstanceOf(IOException.class)
                    .as("without server-name the certificate must name 127.0.0.1").hasMessageContaining("127.0.0.1")
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + named.tlsPort() + " failed");
            assertThat(entries(named, "named")).doesNotContain("by-address");
        } finally {
            unnamed.close();
        }
    }

    @Test
    void verifyFalseTrustsAnyCertificate() throws Exception {
        SignalChannel channel = channel("localhost", redis.tlsPort(), "unverified", "tls { verify = false }");
        try {
            channel.deliver(notification("any-certificate"));
            assertThat(entries(redis, "unverified")).contains("any-certificate");
        } finally {
            channel.close();
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityDeliversNothingAndSaysWhy() throws Exception {
        SignalChannel channel = channel("127.0.0.1", redis.tlsPort(), "untrusted",
                "tls { ca-file = \"" + otherCa.certificate() + "\" }");
        try {
            assertThatThrownBy(() -> channel.deliver(notification("untrusted"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("TLS handshake with 127.0.0.1:" + redis.tlsPort() + " failed (trusting"
                            + " tls.ca-file " + otherCa.certificate() + ")")
                    .hasMessageContaining("certification path");
            assertThat(redis.cli("EXISTS", "untrusted")).contains("0");
        } finally {
            channel.close();
        }
    }

    @Test
    void tlsTrueUsesTheJdkTrustStoreWhichDoesNotKnowATestCa() throws Exception {
        SignalChannel channel = channel("127.0.0.1", redis.tlsPort(), "jdk", "tls = true");
        try {
            assertThatThrownBy(() -> channel.deliver(notification("jdk"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("trusting the JDK's CA store").hasMessageContaining("certification path");
        } finally {
            channel.close();
        }
    }

    @Test
    void aCertificateForAnotherNameDeliversNothing() throws Exception {
        // the certificate names 127.0.0.1 only; "localhost" reaches the same socket but is not named
        SignalChannel channel = channel("localhost", redis.tlsPort(), "other-name",
                "tls { ca-file = \"" + serverCertificate.certificate() + "\" }");
        try {
            assertThatThrownBy(() -> channel.deliver(notification("other-name"))).isInstanceOf(IOException.class)
                    .hasMessageContaining("localhost");
            assertThat(redis.cli("EXISTS", "other-name")).contains("0");
        } finally {
            channel.close();
        }
    }

    @Test
    void tlsToAPlainTextPortDeliversNothing() throws Exception {
        SignalChannel channel = channel("127.0.0.1", redis.port(), "plain",
                "tls { ca-file = \"" + serverCertificate.certificate() + "\" }");
        try {
            assertThatThrownBy(() -> channel.deliver(notification("plain"))).isInstanceOf(IOException.class);
            assertThat(redis.cli("EXISTS", "plain")).contains("0");
        } finally {
            channel.close();
        }
    }
}
