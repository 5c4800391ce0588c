package io.watchtower.tower.redisqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.RedisServer;
import io.watchtower.testkit.fixture.TestCertificate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a real redis-server serving a self-signed certificate for 127.0.0.1: trusted through
 * {@code tls.ca-file} it is watched; an untrusted certificate, a certificate for another name, or
 * a plain-text port are unreachable with a reason, within the probe's budget. {@code tls.server-name}
 * names the certificate's host when the server is reached by address; {@code tls.verify = false}
 * trusts any certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisQueueTlsTest {

    @TempDir
    static Path dir;
    private TestCertificate serverCertificate;
    private TestCertificate otherCa;
    private TestCertificate namedCertificate;
    private RedisServer redis;
    private RedisServer named;

    @BeforeAll
    void start() {
        serverCertificate = TestCertificate.create(dir, "redis-test", "IP:127.0.0.1");
        otherCa = TestCertificate.create(dir, "someone-else", "IP:127.0.0.1");
        redis = RedisServer.builder().tls(serverCertificate.certificate(), serverCertificate.key()).start();
        redis.cli("RPUSH", "jobs", "a", "b");
        namedCertificate = TestCertificate.create(dir, "redis-named", "DNS:queue.redis.test");
        named = RedisServer.builder().tls(namedCertificate.certificate(), namedCertificate.key()).start();
        named.cli("RPUSH", "jobs", "a", "b", "c");
        // the first TLS connection of a JVM loads the JDK's and Netty's TLS classes and trust
        // store, which can take longer than a probe's budget: start-up, not what these tests time
        try (TowerHarness h = harness("127.0.0.1", redis.tlsPort(), serverCertificate.certificate())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            h.probe();
            while (h.lastResult().outcome() != ProbeResult.Outcome.OK && System.nanoTime() < deadline) {
                sleep(200);
                h.probe();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private TowerHarness harness(String host, int port, Path ca) {
        return harness(host, port, "tls { ca-file = \"" + ca + "\" }");
    }

    private static TowerHarness harness(String host, int port, String tls) {
        return TowerHarness.of(RedisQueueTowerTest.FACTORY, "interval = 10s\ntimeout = 2s\nservers = [\"" + host + ":"
                + port + "\"]\n" + tls + "\nlists = [\"jobs\"]", RedisQueueTowerTest.GLOBAL, new FakeClock());
    }

    private static void assertWatched(TowerHarness h, double listLength) {
        assertThat(h.probes(2)).noneMatch(Signal::firing);
        assertThat(h.lastResult().outcome()).isEqualTo(ProbeResult.Outcome.OK);
        assertThat(h.lastResult().observations()).anySatisfy(o -> {
            assertThat(o.check()).isEqualTo("list_length");
            assertThat(o.value()).isEqualTo(listLength);
        });
    }

    private static String unreachableReason(TowerHarness h) {
        assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE, 3)).isPresent();
        assertThat(h.lastResult().durationNanos()).isLessThan(Duration.ofSeconds(2).toNanos());
        Signal down = RedisQueueTowerTest.last(h, s -> s.kind() == SignalKind.UNREACHABLE);
        return down.context().get("reason");
    }

    @Test
    void aServerWithATrustedCertificateIsWatched() {
        try (TowerHarness h = harness("127.0.0.1", redis.tlsPort(), serverCertificate.certificate())) {
            assertWatched(h, 2.0);
        }
    }

    @Test
    void serverNameIsTheNameTheCertificateMustCarry() {
        try (TowerHarness h = harness("127.0.0.1", named.tlsPort(), "tls { ca-file = \""
                + namedCertificate.certificate() + "\", server-name = \"queue.redis.test\" }")) {
            assertWatched(h, 3.0);
        }
        try (TowerHarness h = harness("127.0.0.1", named.tlsPort(), namedCertificate.certificate())) {
            assertThat(unreachableReason(h)).as("without server-name the certificate must name 127.0.0.1")
                    .containsIgnoringCase("127.0.0.1");
        }
    }

    @Test
    void verifyFalseTrustsAnyCertificate() {
        try (TowerHarness h = harness("localhost", redis.tlsPort(), "tls { verify = false }")) {
            assertWatched(h, 2.0);
        }
    }

    @Test
    void tlsTrueUsesTheJdkTrustStoreWhichDoesNotKnowATestCa() {
        try (TowerHarness h = harness("127.0.0.1", redis.tlsPort(), "tls = true")) {
            assertThat(unreachableReason(h)).containsIgnoringCase("certification path");
        }
    }

    @Test
    void aCertificateFromAnotherAuthorityIsUnreachable() {
        try (TowerHarness h = harness("127.0.0.1", redis.tlsPort(), otherCa.certificate())) {
            assertThat(unreachableReason(h)).containsIgnoringCase("certification path");
        }
    }

    @Test
    void aCertificateForAnotherNameIsUnreachable() {
        // the certificate names 127.0.0.1 only; "localhost" reaches the same socket but is not named
        try (TowerHarness h = harness("localhost", redis.tlsPort(), serverCertificate.certificate())) {
            assertThat(unreachableReason(h)).containsIgnoringCase("localhost");
        }
    }

    @Test
    void tlsToAPlainTextPortIsUnreachable() {
        try (TowerHarness h = harness("127.0.0.1", redis.port(), serverCertificate.certificate())) {
            assertThat(unreachableReason(h)).isNotBlank();
        }
    }

    @Test
    void theOldTlsCaFileKeyIsRefusedPointingToTheNewOne() {
        assertThatThrownBy(() -> TowerHarness.of(RedisQueueTowerTest.FACTORY, "servers = [\"127.0.0.1:1\"]\n"
                + "tls = true\ntls-ca-file = \"" + serverCertificate.certificate() + "\"", "", new FakeClock()))
                .hasMessageContaining("tls-ca-file").hasMessageContaining("tls { ca-file");
    }

    @Test
    void aCaFileMustHoldCertificatesAndAServerNameMustBeAName() throws Exception {
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> harness("127.0.0.1", 1, empty)).hasMessageContaining("tls.ca-file")
                .hasMessageContaining("valid certificates");
        assertThatThrownBy(() -> harness("127.0.0.1", 1, dir.resolve("missing.pem"))).hasMessageContaining("tls.ca-file")
                .hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> harness("127.0.0.1", 1, "tls { server-name = \"not a name!\" }"))
                .hasMessageContaining("tls.server-name");
    }
}
