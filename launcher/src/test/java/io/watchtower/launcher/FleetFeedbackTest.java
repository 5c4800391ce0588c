package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.testkit.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback travels to the fleet registry: two daemons (virtual time, real API sockets) share the
 * machine's PostgreSQL (127.0.0.1:5432, trust auth); each pages on its latency series and the pages
 * are answered {@code noise} on both hosts and {@code expected} on one. {@code watchtower query
 * feedback} on either daemon ranks the fleet's checks by noise answers, and {@code watchtower query
 * baselines} on one daemon shows the adjustments answers made to the other's series.
 */
class FleetFeedbackTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "watchtower_fleet_feedback_" + ProcessHandle.current().pid();
    private static final String SECRET = "admin-secret-for-fleet-feedback";

    /** A fresh database for each test: the noise ranking counts every answer in it. */
    @BeforeEach
    void createDatabase() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new AssertionError("this test needs the machine's PostgreSQL on 127.0.0.1:5432 with trust auth for"
                    + " user postgres: " + e.getMessage(), e);
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    /** One daemon on its own virtual clock. */
    private record Host(Daemon daemon, VirtualScheduler time, SpikingLatency latency, String api) implements AutoCloseable {
        @Override
        public void close() {
            daemon.close();
        }
    }

    private static Host start(Path dir, String host, Path token) throws Exception {
        Path config = dir.resolve(host + ".conf");
        Files.writeString(config, "watchtower {\n host = " + host + "\n state-dir = \"" + dir.resolve(host) + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ { name = oncall-" + host + ", scope = admin, file = \""
                + token + "\" } ] }\n"
                + " snapshot-interval = 1h\n registry { baseline-interval = 1h, heartbeat-interval = 5m\n"
                + "   postgres { url = \"" + SERVER + DATABASE + "\", user = postgres } }\n"
                + " channels = []\n tower-defaults { jitter = 0 }\n"
                + " towers { db { type = latency, component = orders-db, interval = 60s } }\n}\n");
        FakeClock clock = FakeClock.virtual(Instant.parse("2026-12-01T00:00:00Z"));
        SpikingLatency latency = new SpikingLatency(clock);
        VirtualScheduler time = clock.scheduler();
        Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(latency), clock,
                time, Map.of());
        return new Host(daemon, time, latency, "http://127.0.0.1:" + daemon.apiAddress().getPort());
    }

    /** Spikes the host's latency until it pages, then answers the page; @return the signal id */
    private static String pageAndAnswer(Host h, Path token, String answer) throws Exception {
        h.latency().spike.set(true);
        assertThat(h.time().advanceUntil(() -> firing(h) != null, Duration.ofMinutes(10)))
                .as("%s pages; its signals: %s; its series: %s", h.daemon().config().host(), get(h, "/api/v1/signals"),
                        get(h, "/api/v1/baselines")).isTrue();
        String id = firing(h).get("id").asText();
        h.latency().spike.set(false);
        h.time().advance(Duration.ofMinutes(10));
        HttpResponse<String> r = post(h, id, answer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return id;
    }

    @Test
    void theFleetQueryShowsWhichChecksGetTheMostNoise(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin.token");
        Files.writeString(token, SECRET + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        try (Host a = start(dir, "a", token); Host b = start(dir, "b", token)) {
            a.time().advance(Duration.ofMinutes(90));
            b.time().advance(Duration.ofMinutes(90));
            String pageA = pageAndAnswer(a, token, "noise");
            pageAndAnswer(b, token, "noise");
            b.time().advance(Duration.ofMinutes(40));
            pageAndAnswer(b, token, "expected");
            // publication runs on each daemon's registry lane: let it run
            a.time().advance(Duration.ofSeconds(30));
            b.time().advance(Duration.ofSeconds(30));

            for (Host h : new Host[] {a, b}) {
                String[] table = RegistryFixtures.query("feedback", "--api", h.api(), "--token-file", token.toString());
                assertThat(table[0]).as(table[2]).isEqualTo("0");
                assertThat(table[1].lines().findFirst().orElseThrow())
                        .matches("COMPONENT\\s+CHECK\\s+NOISE\\s+EXPECTED\\s+USEFUL\\s+HOSTS\\s+LAST");
                assertThat(table[1].lines().skip(1).findFirst().orElseThrow())
                        .matches("orders-db\\s+latency\\s+2\\s+1\\s+0\\s+2\\s+2026-12-01T.*");
                JsonNode json = RegistryFixtures.json(RegistryFixtures.query("feedback", "--api", h.api(),
                        "--token-file", token.toString(), "--output", "json")[1]);
                assertThat(json.get("partial").asBoolean()).isFalse();
            }
            // the answer is in the fleet registry next to the signal it answers
            try (Connection c = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT f.who, f.note, s.state FROM feedback f JOIN signals s"
                         + " ON s.id = f.signal_id WHERE f.signal_id = '" + pageA + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("who")).isEqualTo("oncall-a");
                assertThat(rs.getString("note")).isEqualTo("answered by the fleet test");
                assertThat(rs.getString("state")).isEqualTo("firing");
            }
        }
    }

    @Test
    void theFleetQueryShowsTheAdjustmentsOfEveryHostsSeriesWithTheirOwnSentence(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin.token");
        Files.writeString(token, SECRET + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        try (Host a = start(dir, "c", token); Host b = start(dir, "d", token)) {
            a.time().advance(Duration.ofMinutes(90));
            b.time().advance(Duration.ofMinutes(90));
            pageAndAnswer(b, token, "noise");
            // the answer publishes d's baselines at once, not at the next baseline interval (1 h)
            b.time().advance(Duration.ofSeconds(30));
            a.time().advance(Duration.ofMinutes(11));
            String series = "db/orders-db/latency";
            JsonNode own = row(get(b, "/api/v1/baselines?host=d"), "d", series);
            String sentence = own.at("/feedback/0/text").asText();
            assertThat(sentence).startsWith("sensitivity lowered on 1 Dec after feedback 'noise' from token oncall-d:"
                    + " answered by the fleet test (band ×1.5 ");

            // asked on c, d's series carries d's adjustment, with the same sentence d shows for it
            JsonNode fleet = get(a, "/api/v1/baselines?check=latency");
            assertThat(fleet.path("partial").asBoolean()).as(fleet.toString()).isFalse();
            JsonNode seen = row(fleet, "d", series);
            assertThat(seen.path("feedback")).as(seen.toString()).hasSize(1);
            assertThat(seen.at("/feedback/0/text").asText()).isEqualTo(sentence);
            for (String field : new String[] {"answer", "scope", "answers", "first_at", "last_at", "until", "who", "note",
                "band_factor"}) {
                assertThat(seen.at("/feedback/0/" + field)).as(field).isEqualTo(own.at("/feedback/0/" + field));
            }
            assertThat(row(fleet, "c", series).has("feedback")).as("c's own series had no answer").isFalse();
            String[] table = RegistryFixtures.query("baselines", "--api", a.api(), "--token-file", token.toString());
            assertThat(table[0]).as(table[2]).isEqualTo("0");
            assertThat(table[1]).contains("feedback on " + series + " (d): " + sentence);
            assertThat(table[1]).doesNotContain("feedback on " + series + " (c)");
            JsonNode one = get(a, "/api/v1/baselines/db/orders-db/latency?host=d");
            assertThat(one.at("/buckets/0/feedback/0/text").asText()).as(one.toString()).isEqualTo(sentence);
        }
    }

    private static JsonNode row(JsonNode answer, String host, String series) {
        for (JsonNode n : answer.path("series")) {
            if (n.path("host").asText().equals(host) && n.path("series").asText().equals(series)) {
                return n;
            }
        }
        throw new AssertionError("no series " + series + " of host " + host + " in " + answer);
    }

    private static JsonNode firing(Host h) {
        for (JsonNode s : get(h, "/api/v1/signals?state=firing&host=" + h.daemon().config().host()).path("signals")) {
            if (s.path("check").asText().equals("latency") && s.path("kind").asText().equals("anomaly")) {
                return s;
            }
        }
        return null;
    }

    private static JsonNode get(Host h, String path) {
        try {
            return SignalJson.mapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(h.api() + path)).header("Authorization", "Bearer " + SECRET).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(Host h, String id, String answer) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(h.api() + "/api/v1/signals/" + id
                        + "/feedback")).header("Authorization", "Bearer " + SECRET)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"answer\":\"" + answer
                                + "\",\"note\":\"answered by the fleet test\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
