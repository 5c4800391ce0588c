package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer outlives a crash between its record and the baseline snapshot. A whole daemon on virtual
 * time, through its real API socket: a latency series learns for three hours and pages; the page is
 * answered {@code noise}. The state dir is then put back as a crash right after the answer was recorded
 * leaves it: the feedback record holds the answer, the baseline snapshot is the one written before it
 * (the daemon writes the snapshot before it answers the request, so a process killed after the reply
 * has it; the window is between the two writes). At the next start the answer is applied again and
 * shown in {@code /api/v1/baselines}; at two starts after that, with the answer in the snapshot, the
 * adjustment is as strong as before.
 */
class FeedbackRecoveryTest {

    private static final String SECRET = "admin-secret-for-feedback-recovery";
    private static final String SERIES = "db/orders-db/latency";

    @Test
    void anAnswerRecordedButNotSnapshottedIsAppliedAtTheNextStartAndOnlyOnce(@TempDir Path dir) throws Exception {
        Path admin = FeedbackDaemonFiles.token(dir, "admin.token", SECRET);
        Path state = dir.resolve("state");
        Path config = FeedbackDaemonFiles.config(dir, state, FeedbackDaemonFiles.tokenEntry("oncall-1", "admin", admin));
        FakeClock clock = FakeClock.virtual(Instant.parse("2026-12-01T00:00:00Z"));
        VirtualScheduler time = clock.scheduler();
        SpikingLatency latency = new SpikingLatency(clock);
        Path snapshot = state.resolve("baselines.snap");
        Path beforeTheAnswer = dir.resolve("baselines.snap.before-the-answer");
        FeedbackRecord record;
        double upperBefore;
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(latency), clock,
                time, Map.of())) {
            String api = api(daemon);
            time.advance(Duration.ofHours(3));
            upperBefore = row(api).path("upper").asDouble();
            latency.spike.set(true);
            assertThat(time.advanceUntil(() -> firing(api) != null, Duration.ofMinutes(10))).isTrue();
            String page = firing(api).get("id").asText();
            latency.spike.set(false);
            time.advance(Duration.ofMinutes(10));
            assertThat(snapshot).as("the hourly snapshot").exists();
            Files.copy(snapshot, beforeTheAnswer);

            HttpResponse<String> answered = post(api, page, "{\"answer\":\"noise\",\"note\":\"disk scrub\"}");
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(201);
            record = FeedbackRecord.read(answered.body());
            assertThat(Files.readAllLines(state.resolve("feedback/feedback.jsonl"))).hasSize(1);
        }
        // the crash: the record has the answer, the snapshot does not
        Files.copy(beforeTheAnswer, snapshot, StandardCopyOption.REPLACE_EXISTING);

        Instant at = clock.now();
        for (int start = 2; start <= 4; start++) {
            FakeClock later = FakeClock.virtual(at);
            VirtualScheduler laterTime = later.scheduler();
            try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config),
                    TowerCatalog.of(new SpikingLatency(later)), later, laterTime, Map.of())) {
                String api = api(daemon);
                laterTime.advance(Duration.ofMinutes(2));
                JsonNode row = row(api);
                assertThat(row.path("samples").asLong()).as("start %d: the baseline restored", start)
                        .isGreaterThan(180);
                assertThat(row.path("feedback")).as("start %d: %s", start, row).hasSize(1);
                assertThat(row.at("/feedback/0/text").asText()).as("start %d", start).isEqualTo(record.adjustment());
                assertThat(row.at("/feedback/0/answers").asInt()).as("start %d", start).isEqualTo(1);
                assertThat(row.at("/feedback/0/band_factor").asDouble()).as("start %d", start).isEqualTo(1.5);
                assertThat(row.path("upper").asDouble()).as("start %d: the band is wider", start)
                        .isGreaterThan(upperBefore);
                at = later.now();
            }
        }
        assertThat(record.adjustment()).isEqualTo("sensitivity lowered on 1 Dec after feedback 'noise' from token"
                + " oncall-1: disk scrub (band ×1.5 whole series, 1 answer, until 31 Dec)");
    }

    private static String api(Daemon daemon) {
        return "http://127.0.0.1:" + daemon.apiAddress().getPort();
    }

    private static HttpResponse<String> post(String api, String id, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/v1/signals/" + id
                        + "/feedback")).header("Authorization", "Bearer " + SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode firing(String api) {
        for (JsonNode s : get(api, "/api/v1/signals?state=firing").path("signals")) {
            if (s.path("check").asText().equals("latency") && s.path("kind").asText().equals("anomaly")) {
                return s;
            }
        }
        return null;
    }

    private static JsonNode row(String api) {
        for (JsonNode n : get(api, "/api/v1/baselines?check=latency").path("series")) {
            if (n.path("series").asText().equals(SERIES)) {
                return n;
            }
        }
        throw new AssertionError("no series " + SERIES);
    }

    private static JsonNode get(String api, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + path))
                    .header("Authorization", "Bearer " + SECRET).build(), HttpResponse.BodyHandlers.ofString());
            return SignalJson.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
