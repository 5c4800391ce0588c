package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.time.Await;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.watchtower.launcher.RegistryFixtures.config;
import static io.watchtower.launcher.RegistryFixtures.json;
import static io.watchtower.launcher.RegistryFixtures.pathTower;
import static io.watchtower.launcher.RegistryFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens and scopes, the audit log, the rate limit, /metrics, and partial answers while
 * the configured fleet registry cannot be reached (nothing listens on its port).
 */
class ApiAccessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The rate limit: a burst, then one request a second. */
    private static final int BURST = 40;
    private static final int RATE = 1;

    @Test
    void tokensScopesAuditRateLimitMetricsAndPartialAnswers(@TempDir Path dir) throws Exception {
        Path readToken = Files.writeString(dir.resolve("read.token"), "read-token-0123456789abcdef\n");
        Path adminToken = Files.writeString(dir.resolve("admin.token"), "admin-token-0123456789abcdef\n");
        for (Path token : java.util.List.of(readToken, adminToken)) {
            Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        int apiPort = Ports.free();
        String registry = "    postgres { url = \"jdbc:postgresql://127.0.0.1:" + Ports.free() + "/registry\", user = postgres }";
        String file = config(dir, "api-host", apiPort, registry, pathTower("db-path", "orders-db", Ports.free()))
                .replace("  towers {", "  api.tokens = [ { name = dashboards, scope = read, file = \"" + readToken + "\" },\n"
                        + "    { name = ops-admin, scope = admin, file = \"" + adminToken + "\" } ]\n"
                        + "  api.rate-limit { per-second = " + RATE + ", burst = " + BURST + " }\n  towers {");
        Path path = dir.resolve("api.conf");
        Files.writeString(path, file);
        DaemonConfig config = new ConfigLoader(System.getenv()).load(path);
        Daemon daemon = Daemon.start(config, Installation.catalog(config), TowerClock.system(), System.getenv());
        String base = "http://127.0.0.1:" + apiPort;
        try {
            assertThat(send(base, "GET", "/health", null).statusCode()).isEqualTo(200);
            assertThat(send(base, "GET", "/ready", null).statusCode()).isIn(200, 503);
            assertThat(send(base, "GET", "/api/v1/towers", null).statusCode()).as("no token").isEqualTo(401);
            assertThat(send(base, "GET", "/api/v1/towers", "wrong-token-0123456789").statusCode()).isEqualTo(401);

            HttpResponse<String> towers = send(base, "GET", "/api/v1/towers", "read-token-0123456789abcdef");
            assertThat(towers.statusCode()).isEqualTo(200);
            JsonNode body = json(towers.body());
            assertThat(body.get("partial").asBoolean()).as("registry unreachable").isTrue();
            assertThat(body.get("missing").get(0).asText()).contains("fleet registry unreachable", "only this host (api-host)");

            // towers reach the registry asynchronously, right after start: wait until it has this one
            Await.until("the registry has tower db-path", java.time.Duration.ofSeconds(15), () -> {
                try {
                    return send(base, "GET", "/api/v1/towers", "read-token-0123456789abcdef").body().contains("db-path");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String[] cli = query("towers", "--api", base, "--token-file", readToken.toString());
            assertThat(cli[0]).isEqualTo("0");
            assertThat(cli[1]).contains("api-host", "db-path", "orders-db");
            assertThat(cli[2]).contains("partial answer: fleet registry unreachable");
            assertThat(query("towers", "--api", base)[2]).contains("error 401");

            assertThat(send(base, "POST", "/api/v1/registry/prune", "read-token-0123456789abcdef").statusCode())
                    .as("read scope cannot act").isEqualTo(403);
            assertThat(Files.exists(config.stateDir().resolve("audit.jsonl")) ? Files.readString(config.stateDir().resolve("audit.jsonl")) : "")
                    .as("refused actions are not performed").doesNotContain("registry.prune");
            HttpResponse<String> prune = send(base, "POST", "/api/v1/registry/prune", "admin-token-0123456789abcdef");
            assertThat(prune.statusCode()).isEqualTo(200);
            JsonNode audit = json(Files.readString(config.stateDir().resolve("audit.jsonl")).strip());
            assertThat(audit.get("who").asText()).isEqualTo("ops-admin");
            assertThat(audit.get("action").asText()).isEqualTo("registry.prune");
            assertThat(send(base, "GET", "/api/v1/audit", "read-token-0123456789abcdef").statusCode()).isEqualTo(403);
            assertThat(json(send(base, "GET", "/api/v1/audit", "admin-token-0123456789abcdef").body())
                    .get("entries").get(0).get("who").asText()).isEqualTo("ops-admin");

            HttpResponse<String> metrics = send(base, "GET", "/metrics", "read-token-0123456789abcdef");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("watchtower_probes_total{", "watchtower_probe_duration_seconds_bucket{",
                    "watchtower_journal_bytes ", "watchtower_registry_queue_bytes ", "watchtower_registry_up 0",
                    "watchtower_series{confidence=\"learning\",state=\"ok\"}", "watchtower_api_requests_total{",
                    "watchtower_registry_publish_errors_total ", "watchtower_channel_backlog{channel=\"file\"}");
            metrics.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> assertThat(l)
                    .as("exposition line").matches("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*\\})? [-+0-9.eE]+|.*Inf.*"));
            assertThat(metrics.body()).as("no tower ids or hosts as labels").doesNotContain("db-path", "api-host");

            // requests beyond the burst are refused: whatever the machine's speed, a client is never
            // let through more than the burst plus what the bucket refilled since its first request
            long first = System.nanoTime();
            int allowed = 0;
            boolean refused = false;
            for (int sent = 0; !refused; sent++) {
                assertThat(sent).as("a request refused among the first %d", 10 * BURST).isLessThan(10 * BURST);
                int status = send(base, "GET", "/api/v1/baselines", "read-token-0123456789abcdef").statusCode();
                refused = status == 429;
                if (!refused) {
                    assertThat(status).isEqualTo(200);
                    allowed++;
                }
                double seconds = (System.nanoTime() - first) / 1e9;
                assertThat((double) allowed).as("requests allowed in %.2f s (burst %d, %d per second)", seconds, BURST, RATE)
                        .isLessThanOrEqualTo(BURST + RATE * seconds);
            }
            assertThat(send(base, "GET", "/health", null).statusCode()).as("health is never limited").isEqualTo(200);
        } finally {
            daemon.close();
        }
    }

    private static HttpResponse<String> send(String base, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
