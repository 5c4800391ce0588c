package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Silences through the daemon's API: admin token to create and expire, read token to list, all audited. */
class SilenceApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void createListExpireThroughTheApiWithTokensAndAnAuditTrail(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin.token"), "s3cret-admin-token-0123456789\n");
        Files.writeString(dir.resolve("read.token"), "s3cret-read-token-0123456789\n");
        for (String token : java.util.List.of("admin.token", "read.token")) {
            Files.setPosixFilePermissions(dir.resolve(token),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        String text = "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ { name = alice-laptop, scope = admin, file = \""
                + dir.resolve("admin.token") + "\" }, { name = grafana, scope = read, file = \""
                + dir.resolve("read.token") + "\" } ] }\n channels = []\n towers {}\n}\n";
        Files.writeString(dir.resolve("t.conf"), text);
        DaemonConfig config = new ConfigLoader(Map.of()).load(dir.resolve("t.conf"));
        try (Daemon daemon = Daemon.start(config, TowerCatalog.of(),
                TowerClock.system(), Map.of())) {
            String base = "http://127.0.0.1:" + daemon.apiAddress().getPort() + "/api/v1/silences";
            String body = "{\"component\":\"orders-db\",\"check\":\"replication_lag\",\"duration\":\"2h\","
                    + "\"author\":\"alice\",\"comment\":\"rebuilding replica-1\"}";

            assertThat(send("POST", base, body, "s3cret-read-token-0123456789").statusCode()).as("read token cannot create").isEqualTo(403);
            assertThat(send("POST", base, body, null).statusCode()).as("no token").isIn(401, 403);
            assertThat(send("POST", base, "{\"component\":\"x\"}", "s3cret-admin-token-0123456789").body()).contains("duration");

            HttpResponse<String> created = send("POST", base, body, "s3cret-admin-token-0123456789");
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode silence = SignalJson.mapper().readTree(created.body());
            assertThat(silence.get("author").asText()).isEqualTo("alice");
            assertThat(silence.get("expires_at").asText()).isNotEmpty();

            JsonNode listed = SignalJson.mapper().readTree(send("GET", base, null, "s3cret-read-token-0123456789").body());
            assertThat(listed.get("silences")).hasSize(1);
            assertThat(daemon.alerting().silences().list(false)).hasSize(1);

            String id = silence.get("id").asText();
            assertThat(send("DELETE", base + "/" + id + "?author=bob", null, "s3cret-read-token-0123456789").statusCode()).isEqualTo(403);
            HttpResponse<String> expired = send("DELETE", base + "/" + id + "?author=bob", null, "s3cret-admin-token-0123456789");
            assertThat(expired.statusCode()).isEqualTo(200);
            assertThat(SignalJson.mapper().readTree(expired.body()).get("expired_by").asText()).isEqualTo("bob");
            assertThat(send("DELETE", base + "/" + id, null, "s3cret-admin-token-0123456789").statusCode()).isEqualTo(404);
            assertThat(SignalJson.mapper().readTree(send("GET", base, null, "s3cret-read-token-0123456789").body()).get("silences"))
                    .isEmpty();

            List<String> audit = Files.readAllLines(dir.resolve("state").resolve("audit.jsonl"));
            assertThat(audit).filteredOn(l -> l.contains("silence.")).hasSize(2);
            assertThat(audit).filteredOn(l -> l.contains("silence.create")).singleElement().asString()
                    .contains("alice-laptop", "component=orders-db check=replication_lag", "rebuilding replica-1");
            assertThat(audit).filteredOn(l -> l.contains("silence.expire")).singleElement().asString()
                    .contains("alice-laptop", id, "bob");
        }
    }

    @Test
    void silencesThatWouldMatchEverythingOrLastAnOddTimeAreRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("admin.token"), "s3cret-admin-token-0123456789\n");
        Files.setPosixFilePermissions(dir.resolve("admin.token"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String text = "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ { name = ops, scope = admin, file = \""
                + dir.resolve("admin.token") + "\" } ] }\n channels = []\n towers {}\n}\n";
        Files.writeString(dir.resolve("t.conf"), text);
        DaemonConfig config = new ConfigLoader(Map.of()).load(dir.resolve("t.conf"));
        try (Daemon daemon = Daemon.start(config, TowerCatalog.of(), TowerClock.system(), Map.of())) {
            String base = "http://127.0.0.1:" + daemon.apiAddress().getPort() + "/api/v1/silences";
            String token = "s3cret-admin-token-0123456789";
            Map<String, String> refused = new java.util.LinkedHashMap<>();
            refused.put("{\"component\":\"\",\"duration\":\"2h\"}", "component is empty");
            refused.put("{\"component\":\"   \",\"duration\":\"2h\"}", "component is empty");
            refused.put("{\"component\":{\"name\":\"orders-db\"},\"duration\":\"2h\"}", "component must be a string");
            refused.put("{\"check\":[\"latency\"],\"duration\":\"2h\"}", "check must be a string");
            refused.put("{\"host\":42,\"duration\":\"2h\"}", "host must be a string");
            refused.put("{\"componet\":\"orders-db\",\"duration\":\"2h\"}", "unknown field \"componet\"");
            refused.put("{\"duration\":\"2h\"}", "at least one of component, check, tower, host");
            refused.put("{\"component\":\"orders-db\",\"duration\":\"1ns\"}", "duration must be between 1m and 30d");
            refused.put("{\"component\":\"orders-db\",\"duration\":\"31d\"}", "duration must be between 1m and 30d");
            refused.put("{\"component\":\"orders-db\",\"duration\":\"3600\"}", "duration needs a unit");
            refused.put("{\"component\":\"orders-db\",\"duration\":3600}", "duration must be a string");
            refused.put("{\"component\":\"orders-db\",\"duration\":\"soon\"}", "duration is not a duration");
            for (Map.Entry<String, String> r : refused.entrySet()) {
                HttpResponse<String> answer = send("POST", base, r.getKey(), token);
                assertThat(answer.statusCode()).as(r.getKey()).isEqualTo(400);
                assertThat(SignalJson.mapper().readTree(answer.body()).get("error").asText()).as(r.getKey())
                        .contains(r.getValue());
            }
            assertThat(daemon.alerting().silences().list(true)).as("nothing was created").isEmpty();

            HttpResponse<String> created = send("POST", base,
                    "{\"component\":\" orders-db \",\"check\":null,\"duration\":\"1m\"}", token);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(daemon.alerting().silences().list(false)).singleElement()
                    .satisfies(s -> assertThat(s.matchers()).isEqualTo("component=orders-db"));
        }
    }

    @Test
    void theStoreChecksMatchersAfterNormalisingThem(@TempDir Path dir) {
        SilenceStore store = new SilenceStore(dir.resolve("silences.json"), TowerClock.system(), (w, a, d) -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.create(new Silence(null, " ", "", null, "\t",
                        null, null, null, null, null, null), java.time.Duration.ofHours(1), "alice", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one of component, check, tower, host (an empty one counts as absent)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.create(new Silence(null, "orders-db", null, null,
                        null, null, null, null, null, null, null), java.time.Duration.ofSeconds(3), "alice", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 minute and 30 days");
        assertThat(store.list(true)).isEmpty();
    }

    private static HttpResponse<String> send(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
