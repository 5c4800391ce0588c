package io.watchtower.runtime.api;

import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log is admin-only to read: never anonymous, not even when no tokens are configured. */
class AuditAccessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Daemon start(Path dir, String api) throws Exception {
        Files.writeString(dir.resolve("w.conf"), "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state")
                + "\"\n api { " + api + " }\n channels = []\n towers {}\n}\n");
        return Daemon.start(new ConfigLoader(Map.of()).load(dir.resolve("w.conf")), TowerCatalog.of(),
                TowerClock.system(), Map.of());
    }

    private static HttpResponse<String> get(Daemon daemon, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiAddress().getPort()
                + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTokensReadsAreOpenButTheAuditLogIsNot(@TempDir Path dir) throws Exception {
        try (Daemon daemon = start(dir, "listen = \"127.0.0.1:0\"")) {
            assertThat(get(daemon, "/api/v1/towers", null).statusCode()).isEqualTo(200);
            HttpResponse<String> audit = get(daemon, "/api/v1/audit", null);
            assertThat(audit.statusCode()).isEqualTo(403);
            assertThat(audit.body()).contains("reading the audit log needs an admin token",
                    "configure watchtower.api.tokens with scope = admin");
        }
    }

    @Test
    void withTokensOnlyAnAdminTokenReadsTheAuditLog(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin.token"), "admin-token-0123456789abcdef\n");
        Files.writeString(dir.resolve("read.token"), "read-token-0123456789abcdef\n");
        for (String token : java.util.List.of("admin.token", "read.token")) {
            Files.setPosixFilePermissions(dir.resolve(token), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        try (Daemon daemon = start(dir, "listen = \"127.0.0.1:0\", tokens = [ { name = ops, scope = admin, file = \""
                + dir.resolve("admin.token") + "\" }, { name = dash, scope = read, file = \""
                + dir.resolve("read.token") + "\" } ]")) {
            assertThat(get(daemon, "/api/v1/audit", null).statusCode()).isEqualTo(401);
            assertThat(get(daemon, "/api/v1/audit", "read-token-0123456789abcdef").statusCode()).isEqualTo(403);
            HttpResponse<String> audit = get(daemon, "/api/v1/audit", "admin-token-0123456789abcdef");
            assertThat(audit.statusCode()).isEqualTo(200);
            assertThat(audit.body()).contains("\"entries\"");
        }
    }
}
