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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code watchtower feedback} against a whole daemon on virtual time, through its real API socket:
 * a latency series learns for three hours, spikes and pages; the page is answered {@code noise} by the
 * token {@code oncall-1}. The answer is audited with who and why, recorded, shown on the series (API,
 * {@code query baselines}, status page), ranked by {@code query feedback}, widens the band, and
 * survives a restart in the baseline snapshot.
 */
class FeedbackCommandTest {

    @Test
    void aPageAnsweredNoiseIsAuditedRecordedShownRankedAndKeptAcrossARestart(@TempDir Path dir) throws Exception {
        Path admin = FeedbackDaemonFiles.token(dir, "admin.token", "admin-secret-for-feedback-tests");
        Path reader = FeedbackDaemonFiles.token(dir, "read.token", "read-secret-for-feedback-tests");
        Path config = FeedbackDaemonFiles.config(dir, dir.resolve("state"),
                FeedbackDaemonFiles.tokenEntry("oncall-1", "admin", admin) + ", "
                        + FeedbackDaemonFiles.tokenEntry("viewer", "read", reader));
        FakeClock clock = FakeClock.virtual(Instant.parse("2026-12-01T00:00:00Z"));
        VirtualScheduler time = clock.scheduler();
        String series = "db/orders-db/latency";
        String signalId;
        double upperBefore;
        SpikingLatency latency = new SpikingLatency(clock);
        AtomicBoolean spike = latency.spike;
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config),
                TowerCatalog.of(latency), clock, time, Map.of())) {
            String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
            time.advance(Duration.ofHours(3));
            upperBefore = row(api, admin, series).path("upper").asDouble();
            spike.set(true);
            assertThat(time.advanceUntil(() -> firing(api, admin) != null, Duration.ofMinutes(10))).isTrue();
            JsonNode page = firing(api, admin);
            signalId = page.get("id").asText();
            spike.set(false);
            time.advance(Duration.ofMinutes(10));

            Run unknown = run("feedback", "no-such-signal", "noise", "--api", api, "--token-file", admin.toString());
            assertThat(unknown.code).isEqualTo(1);
            assertThat(unknown.err).contains("HTTP 404", "no signal no-such-signal");
            Run badAnswer = run("feedback", signalId, "meh", "--api", api, "--token-file", admin.toString());
            assertThat(badAnswer.code).isEqualTo(2);
            assertThat(badAnswer.err).contains("answer must be useful, noise or expected");
            Run readOnly = run("feedback", signalId, "noise", "--api", api, "--token-file", reader.toString());
            assertThat(readOnly.code).isEqualTo(1);
            assertThat(readOnly.err).contains("HTTP 403", "token viewer has scope read");
            Run badUntil = run("feedback", signalId, "noise", "--until", "1y", "--api", api, "--token-file",
                    admin.toString());
            assertThat(badUntil.code).isEqualTo(1);
            assertThat(badUntil.err).contains("until must be an ISO-8601 instant");

            Run noise = run("feedback", signalId, "noise", "--note", "disk scrub, harmless", "--api", api,
                    "--token-file", admin.toString());
            assertThat(noise.code).as(noise.err).isZero();
            String sentence = "sensitivity lowered on 1 Dec after feedback 'noise' from token oncall-1: disk scrub,"
                    + " harmless (band ×1.5 whole series, 1 answer, until 31 Dec)";
            assertThat(noise.out.strip()).isEqualTo(sentence);

            // audited with who and why
            JsonNode audit = SignalJson.mapper().readTree(Files.readAllLines(dir.resolve("state/audit.jsonl"))
                    .stream().filter(l -> l.contains("signal.feedback")).findFirst().orElseThrow());
            assertThat(audit.get("who").asText()).isEqualTo("oncall-1");
            assertThat(audit.at("/details/note").asText()).isEqualTo("disk scrub, harmless");
            assertThat(audit.at("/details/signal").asText()).isEqualTo(signalId);
            assertThat(audit.at("/details/answer").asText()).isEqualTo("noise");
            // recorded
            List<String> recorded = Files.readAllLines(dir.resolve("state/feedback/feedback.jsonl"));
            assertThat(recorded).hasSize(1);
            FeedbackRecord record = FeedbackRecord.read(recorded.get(0));
            assertThat(record.signal()).isEqualTo(signalId);
            assertThat(record.who()).isEqualTo("oncall-1");
            assertThat(record.observed()).isEqualTo(80.0);
            assertThat(get(api, reader, "/api/v1/feedback?check=latency").path("feedback").get(0).path("id").asText())
                    .isEqualTo(record.id());
            // shown on the series: API, query baselines, status page
            time.advance(Duration.ofMinutes(2));
            JsonNode row = row(api, admin, series);
            assertThat(row.at("/feedback/0/text").asText()).isEqualTo(sentence);
            assertThat(row.at("/feedback/0/band_factor").asDouble()).isEqualTo(1.5);
            assertThat(row.path("upper").asDouble()).as("the band is wider").isGreaterThan(upperBefore);
            String[] table = RegistryFixtures.query("baselines", "--api", api, "--token-file", reader.toString());
            assertThat(table[1]).contains("feedback on " + series + " (h): " + sentence);
            String html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/"))
                    .header("Authorization", "Bearer read-secret-for-feedback-tests").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(html).contains("sensitivity lowered on 1 Dec after feedback &#39;noise&#39; from token oncall-1");
            assertThat(html).as("the answer is marked on the series' plot").containsPattern(
                    "<line class=\"feedback-mark\"[^>]*><title>sensitivity lowered on 1 Dec");
            // ranked
            String[] ranked = RegistryFixtures.query("feedback", "--api", api, "--token-file", reader.toString());
            assertThat(ranked[0]).isEqualTo("0");
            assertThat(ranked[1].lines().skip(1).findFirst().orElseThrow()).matches("orders-db\\s+latency\\s+1\\s+0\\s+0\\s+1\\s+.*");
        }
        // kept across a restart, in the baseline snapshot
        FakeClock later = FakeClock.virtual(clock.now());
        VirtualScheduler laterTime = later.scheduler();
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config),
                TowerCatalog.of(new SpikingLatency(later)), later, laterTime, Map.of())) {
            String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
            laterTime.advance(Duration.ofMinutes(2));
            assertThat(row(api, admin, series).path("samples").asLong()).as("the baseline restored from the snapshot")
                    .isGreaterThan(180);
            assertThat(row(api, admin, series).at("/feedback/0/who").asText()).isEqualTo("oncall-1");
            Run again = run("feedback", signalId, "noise", "--api", api, "--token-file", admin.toString());
            assertThat(again.code).as(again.err).isZero();
            assertThat(again.out).contains("band ×2.0 whole series, 2 answers since 1 Dec");
        }
    }

    @Test
    void theApiAnswersAResolvedPagesFiringAndTakesExpectedAndUseful(@TempDir Path dir) throws Exception {
        Path admin = FeedbackDaemonFiles.token(dir, "admin.token", "admin-secret-for-feedback-tests");
        Path config = FeedbackDaemonFiles.config(dir, dir.resolve("state"),
                FeedbackDaemonFiles.tokenEntry("oncall-2", "admin", admin));
        FakeClock clock = FakeClock.virtual(Instant.parse("2026-12-01T00:00:00Z"));
        VirtualScheduler time = clock.scheduler();
        SpikingLatency latency = new SpikingLatency(clock);
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(latency), clock,
                time, Map.of())) {
            String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
            time.advance(Duration.ofHours(3));
            latency.spike.set(true);
            assertThat(time.advanceUntil(() -> firing(api, admin) != null, Duration.ofMinutes(10))).isTrue();
            String fired = firing(api, admin).get("id").asText();
            latency.spike.set(false);
            time.advance(Duration.ofMinutes(10));
            String resolved = null;
            for (JsonNode s : get(api, admin, "/api/v1/signals?state=resolved").path("signals")) {
                if (s.path("check").asText().equals("latency")) {
                    resolved = s.get("id").asText();
                }
            }
            assertThat(resolved).as("the page resolved").isNotNull().isNotEqualTo(fired);

            HttpResponse<String> unknownField = post(api, resolved, "{\"answer\":\"noise\",\"why\":\"x\"}");
            assertThat(unknownField.statusCode()).isEqualTo(400);
            assertThat(unknownField.body()).contains("unknown field \\\"why\\\"");
            HttpResponse<String> longNote = post(api, resolved, "{\"answer\":\"noise\",\"note\":\"" + "x".repeat(201)
                    + "\"}");
            assertThat(longNote.statusCode()).isEqualTo(400);
            assertThat(longNote.body()).contains("note is 201 characters; at most 200");

            HttpResponse<String> expected = post(api, resolved, "{\"answer\":\"expected\",\"note\":\"cache warm-up\","
                    + "\"until\":\"2026-12-15T00:00:00Z\"}");
            assertThat(expected.statusCode()).as(expected.body()).isEqualTo(201);
            FeedbackRecord record = FeedbackRecord.read(expected.body());
            assertThat(record.signal()).as("the answer is about the firing the resolved signal ended").isEqualTo(fired);
            assertThat(record.until()).isEqualTo("2026-12-15T00:00:00Z");
            assertThat(record.adjustment()).startsWith("known event expected on 1 Dec after feedback 'expected' from"
                    + " token oncall-2: cache warm-up (normal daily ").contains("until 15 Dec");

            HttpResponse<String> noise = post(api, fired, "{\"answer\":\"noise\"}");
            assertThat(noise.statusCode()).isEqualTo(201);
            HttpResponse<String> useful = post(api, fired, "{\"answer\":\"useful\",\"note\":\"it was real\"}");
            assertThat(useful.statusCode()).isEqualTo(201);
            time.advance(Duration.ofMinutes(1));
            JsonNode row = row(api, admin, "db/orders-db/latency");
            assertThat(row.path("feedback")).extracting(n -> n.path("answer").asText())
                    .as("useful ended the noise on this page").containsExactly("expected", "useful");
            assertThat(row.at("/feedback/1/text").asText()).startsWith("sensitivity kept on 1 Dec after feedback"
                    + " 'useful' from token oncall-2: it was real (no automatic widening of the band");
            assertThat(get(api, admin, "/api/v1/feedback").path("feedback")).hasSize(3);
            assertThat(get(api, admin, "/api/v1/feedback?answer=useful").path("feedback")).hasSize(1);
        }
    }

    private static HttpResponse<String> post(String api, String id, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/api/v1/signals/" + id
                        + "/feedback")).header("Authorization", "Bearer admin-secret-for-feedback-tests")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode firing(String api, Path token) {
        for (JsonNode s : get(api, token, "/api/v1/signals?state=firing").path("signals")) {
            if (s.path("check").asText().equals("latency") && s.path("kind").asText().equals("anomaly")) {
                return s;
            }
        }
        return null;
    }

    private static JsonNode row(String api, Path token, String series) {
        for (JsonNode n : get(api, token, "/api/v1/baselines?check=latency").path("series")) {
            if (n.path("series").asText().equals(series)) {
                return n;
            }
        }
        throw new AssertionError("no series " + series);
    }

    private static JsonNode get(String api, Path token, String path) {
        try {
            String secret = Files.readString(token).strip();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + path))
                    .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            return SignalJson.mapper().readTree(r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
