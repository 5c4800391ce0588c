package io.watchtower.launcher;

import io.watchtower.net.TlsSettings;
import io.watchtower.runtime.registry.PostgresRegistry;
import io.watchtower.runtime.registry.PostgresSettings;
import io.watchtower.runtime.registry.RegistryUnavailableException;
import io.watchtower.testkit.fixture.PostgresServer;
import io.watchtower.testkit.fixture.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fleet registry over TLS to a real PostgreSQL with {@code ssl = on}, set up by the registry's
 * {@code tls { ca-file, verify, server-name }} block: the same shape and PEM trust loader as every
 * other TLS client. The server's certificate names only {@code registry.test}; the CAs are
 * throwaway self-signed certificates made by openssl for this run.
 */
class RegistryTlsTest {

    private static Path dir;
    private static TestCertificate server;
    private static TestCertificate stranger;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("registry-tls");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = TestCertificate.create(dir, "registry.test", "DNS:registry.test");
        stranger = TestCertificate.create(dir, "stranger", "DNS:registry.test", "IP:127.0.0.1");
        // PostgreSQL reads its key only when the server's user owns it and nobody else can read it
        Files.setPosixFilePermissions(server.key(), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(server.certificate(), PosixFilePermissions.fromString("rw-r--r--"));
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(server.key(), users.lookupPrincipalByName(PostgresServer.USER));
        }
        postgres = PostgresServer.builder().setting("ssl", "on")
                .setting("ssl_cert_file", server.certificate().toString())
                .setting("ssl_key_file", server.key().toString()).start();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static PostgresSettings settings(TlsSettings tls) {
        return new PostgresSettings(postgres.jdbcUrl("postgres"), PostgresServer.USER, null, 1, tls);
    }

    @Test
    void theRegistryWorksOverTlsWithTheCaFileAndTheServerName() throws Exception {
        PostgresSettings settings = settings(TlsSettings.of(server.certificate(), true, "registry.test"));
        try (PostgresRegistry registry = new PostgresRegistry(settings)) {
            registry.heartbeat("tls-host", java.util.List.of(), 1000, 1000); // migrates, then writes
        }
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.USER);
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), props);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("the registry's URL connects over TLS").isTrue();
        }
    }

    @Test
    void connectionsUseTheCaFileAsLoadedWithTheConfigurationNotReadAgain() throws Exception {
        Path ca = dir.resolve("loaded-ca.pem");
        Files.copy(server.certificate(), ca, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PostgresSettings settings = settings(TlsSettings.of(ca, true, "registry.test"));
        Files.delete(ca);
        try (PostgresRegistry registry = new PostgresRegistry(settings)) {
            registry.heartbeat("tls-host", java.util.List.of(), 1000, 1000);
        }
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.USER);
        for (int i = 0; i < 3; i++) {
            try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), props);
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("connection %d over TLS with the CA file gone", i).isTrue();
            }
        }
    }

    @Test
    void withoutTheServerNameTheCertificateMustNameTheUrlsHost() throws Exception {
        try (PostgresRegistry registry = new PostgresRegistry(settings(TlsSettings.of(server.certificate(), true,
                null)))) {
            assertThatThrownBy(() -> registry.heartbeat("tls-host", java.util.List.of(), 1000, 1000))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("TLS handshake with jdbc:postgresql://127.0.0.1:")
                    .hasMessageContaining("trusting tls.ca-file " + server.certificate())
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void aWrongCaFailsWithAClearMessageAndVerifyOffConnectsAnyway() throws Exception {
        try (PostgresRegistry registry = new PostgresRegistry(settings(TlsSettings.of(stranger.certificate(), true,
                "registry.test")))) {
            assertThatThrownBy(() -> registry.heartbeat("tls-host", java.util.List.of(), 1000, 1000))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("TLS handshake")
                    .hasMessageContaining("trusting tls.ca-file " + stranger.certificate())
                    .hasMessageContaining("server-name registry.test")
                    .hasMessageContaining("certification path");
        }
        try (PostgresRegistry registry = new PostgresRegistry(settings(TlsSettings.of(stranger.certificate(), false,
                null)))) {
            registry.heartbeat("tls-host", java.util.List.of(), 2000, 1000);
        }
    }
}
