package io.watchtower.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed query parameter is a 400 naming the parameter and the expected form, never a 500. */
class QueryParameterTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path dir;
    private static Daemon daemon;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("w.conf"), "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state")
                + "\"\n api.listen = \"127.0.0.1:0\"\n channels = []\n towers {}\n}\n");
        daemon = Daemon.start(new ConfigLoader(Map.of()).load(dir.resolve("w.conf")), TowerCatalog.of(),
                TowerClock.system(), Map.of());
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiAddress().getPort()
                + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedParametersAre400sNamingTheParameterAndTheExpectedForm() throws Exception {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("/api/v1/signals?since=-999999999-01-01T00:00:00Z", "since must be an ISO-8601 instant between");
        refused.put("/api/v1/signals?until=%2B999999999-12-31T23:59:59Z", "until must be an ISO-8601 instant between");
        refused.put("/api/v1/signals?since=0001-01-01T00:00:00Z", "since must be an ISO-8601 instant between");
        refused.put("/api/v1/signals?since=99999999999999999999d", "since must be");
        refused.put("/api/v1/signals?since=999999999d", "since must be");
        refused.put("/api/v1/signals?since=-5m", "since must be");
        refused.put("/api/v1/signals?since=1.5h", "since must be");
        refused.put("/api/v1/signals?since=yesterday", "or a duration before now (90s, 30m, 2h, 7d)");
        refused.put("/api/v1/signals?since=1h&until=2h", "since must not be after until");
        refused.put("/api/v1/signals?limit=0", "limit must be a whole number from 1 to 10000");
        refused.put("/api/v1/signals?limit=lots", "limit must be a whole number from 1 to 10000, got \"lots\"");
        refused.put("/api/v1/signals?state=open", "state must be firing (firing now), resolved or stale, got \"open\"");
        refused.put("/api/v1/components/orders-db/timeline?until=-999999999-01-01T00:00:00Z", "until must be");
        refused.put("/api/v1/baselines?limit=99999999999", "limit must be a whole number");
        refused.put("/api/v1/silences?all=yes", "all must be true or false, got \"yes\"");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            HttpResponse<String> answer = get(r.getKey());
            assertThat(answer.statusCode()).as(r.getKey() + " -> " + answer.body()).isEqualTo(400);
            JsonNode error = SignalJson.mapper().readTree(answer.body()).get("error");
            assertThat(error).as(r.getKey()).isNotNull();
            assertThat(error.asText()).as(r.getKey()).contains(r.getValue());
        }
    }

    @Test
    void wellFormedParametersStillAnswer() throws Exception {
        for (String ok : new String[] {"/api/v1/signals?since=2h&until=1h&limit=5&state=firing",
                "/api/v1/signals?since=2026-11-21T10:00:00Z", "/api/v1/signals?since=&until=",
                "/api/v1/components/orders-db/timeline?since=7d", "/api/v1/silences?all=true",
                "/api/v1/silences?all=false"}) {
            assertThat(get(ok).statusCode()).as(ok).isEqualTo(200);
        }
    }
}
