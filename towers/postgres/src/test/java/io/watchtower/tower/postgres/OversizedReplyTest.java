package io.watchtower.tower.postgres;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.OversizedReplyServer;
import io.watchtower.testkit.fixture.PostgresServer;
import io.watchtower.testkit.fixture.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server that declares a reply of about 2 GiB and drips it: the driver must give up at
 * {@code max-reply-bytes}, in plain TCP and inside TLS, and the server is unreachable with that
 * reason. Without the bound the driver doubles its buffer towards the declared length. After a
 * login, a data row whose declared size is over the bound is refused before it is allocated.
 */
class OversizedReplyTest {

    static final PostgresTowerFactory FACTORY = new PostgresTowerFactory();

    static String block(int port, String extra) {
        return "interval = 10s\ntimeout = 5s\nuser = watchtower\nservers = [\"127.0.0.1:" + port + "\"]\n" + extra;
    }

    static Signal unreachable(TowerHarness h, String target) {
        assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE && s.target().equals(target), 5))
                .as("unreachable fires for " + target).isPresent();
        return h.signals().stream().filter(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE).findFirst().orElseThrow();
    }

    @Test
    void anOversizedErrorAfterTheStartupPacketMakesTheServerUnreachableNamingTheLimit() {
        try (OversizedReplyServer server = OversizedReplyServer.start();
             TowerHarness h = TowerHarness.of(FACTORY, block(server.port(), ""), "baseline.warm-up = 5", new FakeClock())) {
            Signal signal = unreachable(h, "127.0.0.1:" + server.port());
            assertThat(signal.context().get("reason"))
                    .contains("reply larger than " + PostgresTowerFactory.DEFAULT_MAX_REPLY_BYTES + " bytes (max-reply-bytes) from");
            assertThat(h.lastResult().outcome()).isEqualTo(ProbeResult.Outcome.OK);
            assertThat(server.oversizedReplies()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aServerAnsweringEveryQueryWithAHugeRowIsUnreachable() {
        try (OversizedReplyServer server = OversizedReplyServer.afterLogin(OversizedReplyServer.RowLength.MESSAGE);
             TowerHarness h = TowerHarness.of(FACTORY, block(server.port(), "max-reply-bytes = 256KiB"),
                     "baseline.warm-up = 5", new FakeClock())) {
            unreachable(h, "127.0.0.1:" + server.port());
            assertThat(server.oversizedRows()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theSessionsDriverRefusesARowDeclaringMoreThanTheCapBeforeAllocatingIt() throws Exception {
        try (OversizedReplyServer server = OversizedReplyServer.afterLogin(OversizedReplyServer.RowLength.MESSAGE)) {
            Session session = new Session("127.0.0.1:" + server.port(), "postgres", "watchtower", null, "disable",
                    "watchtower", Duration.ofSeconds(5), Duration.ofSeconds(2), 262144);
            // the first row declares its whole 2 GiB message: maxResultBuffer refuses it from the
            // declared size, before the driver allocates the column (without it the driver asks for 2 GiB)
            try (Connection c = DriverManager.getConnection(session.jdbcUrl(), session.properties());
                 Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeQuery("SELECT 1")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("exceeded maxResultBuffer limit").hasMessageContaining("262144");
            }
            assertThat(server.oversizedRows()).isEqualTo(1);
        }
    }

    @Test
    void theLimitHoldsInsideTlsAndFollowsTheSetting(@TempDir Path dir) {
        TestCertificate cert = TestCertificate.create(dir, "localhost", "IP:127.0.0.1");
        try (OversizedReplyServer server = OversizedReplyServer.start(cert);
             TowerHarness h = TowerHarness.of(FACTORY, block(server.port(), "ssl-mode = require\nmax-reply-bytes = 256KiB"),
                     "baseline.warm-up = 5", new FakeClock())) {
            Signal signal = unreachable(h, "127.0.0.1:" + server.port());
            assertThat(signal.context().get("reason")).contains("reply larger than 262144 bytes (max-reply-bytes) from");
            assertThat(server.oversizedReplies()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aRealServersTlsSessionsRunThroughTheBoundedSockets(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestCertificate cert = TestCertificate.create(dir, "localhost", "IP:127.0.0.1");
        UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        for (Path file : new Path[] {cert.certificate(), cert.key()}) {
            Files.setOwner(file, postgres);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        try (PostgresServer server = PostgresServer.builder().setting("ssl", "on")
                .setting("ssl_cert_file", cert.certificate().toString())
                .setting("ssl_key_file", cert.key().toString()).start();
             TowerHarness h = TowerHarness.of(FACTORY, block(server.port(), "ssl-mode = require\nmax-reply-bytes = 64KiB"),
                     "baseline.warm-up = 5", new FakeClock())) {
            server.psql("postgres", "CREATE ROLE watchtower LOGIN; GRANT pg_monitor TO watchtower");
            h.probes(3);
            assertThat(h.signals()).noneMatch(s -> s.kind() == SignalKind.UNREACHABLE);
            assertThat(h.lastResult().outcome()).isEqualTo(ProbeResult.Outcome.OK);
            assertThat(h.series("127.0.0.1:" + server.port(), "round_trip_time")).isPresent();
            // the pooled session stays open: it is the tower's, and it is encrypted
            assertThat(server.psql("postgres", "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                    + " WHERE a.application_name = 'watchtower' AND s.ssl").strip()).isEqualTo("1");
        }
    }

    @Test
    void aMaxReplyBytesOutsideItsRangeIsRejectedNamingTheKey() {
        for (String bad : new String[] {"1KiB", "1GiB", "lots", "0", "512MiB"}) {
            assertThatThrownBy(() -> TowerHarness.of(FACTORY, block(5432, "max-reply-bytes = \"" + bad + "\"")))
                    .as(bad).hasMessageContaining("max-reply-bytes")
                    .hasMessageContaining("a size from 64KiB to 256MiB");
        }
    }
}
