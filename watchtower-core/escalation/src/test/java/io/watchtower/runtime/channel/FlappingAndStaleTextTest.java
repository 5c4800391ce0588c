package io.watchtower.runtime.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.escalation.EscalationSettings;
import io.watchtower.runtime.escalation.Escalator;
import io.watchtower.runtime.escalation.FleetView;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.escalation.SilenceStore;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.escalation.Topology;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend toggled every 12 s, and a replica lag whose observations stop, judged by the production
 * tracker and escalated by the production escalator in virtual time: the flapping series is paged
 * once as flapping, held, re-paged after the repeat interval and resolved once when it settles; the
 * stale series' firing ends as stale. Every channel's text says so.
 */
class FlappingAndStaleTextTest {

    private static final Instant T0 = Instant.parse("2026-01-12T09:00:00Z");
    private static final EscalationSettings SETTINGS = new EscalationSettings(Duration.ofSeconds(10),
            Duration.ofHours(1), 0.9, Duration.ofMinutes(30), "http://lb-mon:9477/");
    private static final String REDIS = "redis://127.0.0.1:6379";

    @TempDir
    Path dir;
    private TestClock clock;
    private Escalator escalator;
    private SeriesTracker tracker;
    private final List<Notification> sent = new ArrayList<>();
    private final List<Instant> sentAt = new ArrayList<>();

    @BeforeEach
    void setUp() {
        clock = new TestClock(T0);
        SilenceStore silences = new SilenceStore(dir.resolve("silences.json"), clock,
                (who, action, details) -> { });
        escalator = new Escalator(SETTINGS, clock, silences, Topology.none(), FleetView.SINGLE_HOST, n -> {
            WireSchema.assertValid(n.json());
            assertThat(Notification.read(n.json())).isEqualTo(n);
            sent.add(n);
            sentAt.add(clock.now());
        });
        tracker = new SeriesTracker(new SignalComposer("lb-mon", "0.1.0"), DetectorSettings.defaults().seasonal(false),
                escalator::accept);
        tracker.register(TowerRegistration.of(new TowerInfo("haproxy-edge", "load-balancer", "web", "", Map.of()),
                List.of(Check.gauge("backend_down").unit(Unit.COUNT).guardrailAbove(0.5))));
        tracker.register(TowerRegistration.of(new TowerInfo("pg-replica", "postgres", "orders-db", "", Map.of()),
                List.of(Check.gauge("replay_lag_seconds").unit(Unit.SECONDS).guardrailAbove(30),
                        Check.gauge("connections").unit(Unit.COUNT))));
    }

    /** One probe of the load balancer, 4 s after the last: the backend is down ({@code 1}) or up. */
    private void probeBackend(int down) {
        clock.advance(Duration.ofSeconds(4));
        tracker.accept(new ProbeResult("haproxy-edge", clock.now().toEpochMilli(), ProbeResult.Outcome.OK, null,
                List.of(new Observation("app-2", "backend_down", Observation.Type.GAUGE, down, 0, 0, null)), Map.of(), 0));
        escalator.tick();
    }

    /** Toggles the backend every 12 s (three probes down, three up) for {@code cycles} cycles. */
    private void toggle(int cycles) {
        for (int c = 0; c < cycles; c++) {
            for (int i = 0; i < 6; i++) {
                probeBackend(i < 3 ? 1 : 0);
            }
        }
    }

    private List<Notification> since(int from) {
        return List.copyOf(sent.subList(from, sent.size()));
    }

    @Test
    void aFlappingBackendIsPagedOnceAsFlappingThenHeldUntilTheRepeatIntervalAndResolvedOnceWhenItSettles() {
        toggle(20);
        int firstFlapping = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).signal().flapping() && sent.get(i).signal().firing()) {
                firstFlapping = i;
                break;
            }
        }
        assertThat(firstFlapping).as("a flapping page within 20 flips: " + sent).isGreaterThanOrEqualTo(0);
        Notification flapping = sent.get(firstFlapping);
        assertThat(flapping.reason()).isEqualTo(Notification.FIRING);
        assertThat(since(firstFlapping + 1)).as("held: no page for the flips after the flapping page").isEmpty();
        assertThat(flapping.signal().flap().flips()).isGreaterThanOrEqualTo(3);
        assertThat(flapping.signal().flap().periodSeconds()).isEqualTo(24);

        // flips every 12 s until 59 minutes after the flapping page: still nothing
        int held = sent.size();
        Instant paged = sentAt.get(firstFlapping);
        while (clock.now().isBefore(paged.plus(Duration.ofMinutes(59)))) {
            toggle(1);
        }
        assertThat(since(held)).as("held within the repeat interval").isEmpty();
        toggle(3 * 60 / 24);
        List<Notification> repeat = since(held);
        assertThat(repeat).as("the repeat interval passed: paged again, as still flapping").hasSize(1);
        assertThat(repeat.get(0).reason()).isEqualTo(Notification.REPEAT);
        assertThat(repeat.get(0).signal().severity()).as("not escalated by how long it flaps")
                .isEqualTo(flapping.signal().severity());
        assertThat(new NotificationText(repeat.get(0), "").headline()).startsWith("[STILL FLAPPING] web: backend down");
        assertThat(repeat.get(0).signal().flap().flips()).as("the count goes on").isGreaterThan(10);

        // it settles: up for good
        int settled = sent.size();
        Instant up = clock.now();
        for (int i = 0; i < 60 && sent.size() == settled; i++) {
            probeBackend(0);
        }
        assertThat(since(settled)).as("one resolution once it stayed up for three periods (72 s)").hasSize(1);
        assertThat(Duration.between(up, sentAt.get(settled)).toSeconds()).as("settled after 3 periods, plus group-wait")
                .isBetween(72L, 72L + 10 + 12 + 4);
        Notification resolved = sent.get(settled);
        assertThat(resolved.reason()).isEqualTo(Notification.RESOLVED);
        assertThat(new NotificationText(resolved, "").headline()).startsWith("[RESOLVED, SETTLED AFTER FLAPPING] web");
        for (int i = 0; i < 100; i++) {
            probeBackend(0);
        }
        assertThat(escalator.idle()).isTrue();
    }

    @Test
    void everyChannelSaysFlapping() throws Exception {
        toggle(20);
        Notification n = sent.stream().filter(x -> x.signal().flapping() && x.signal().firing()).findFirst().orElseThrow();
        String flips = "fired " + n.signal().flap().flips() + " times in ";

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new ConsoleChannel("console", new PrintStream(console, true, StandardCharsets.UTF_8)).deliver(n);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("FIRING FLAPPING", "flapping: " + flips,
                "about every 24 s");

        try (Receiver slack = new Receiver()) {
            new SlackChannel("slack", slack.uri("/hook"), "http://lb-mon:9477/", Duration.ofSeconds(5)).deliver(n);
            JsonNode body = SignalJson.mapper().readTree(slack.requests().get(0).body());
            assertThat(body.get("text").asText()).startsWith("[MEDIUM, FLAPPING] web: backend down on app-2")
                    .contains("Flapping: " + flips, "Paged once as flapping; further flips are held");
            assertThat(body.get("blocks").get(0).get("text").get("text").asText()).contains("FLAPPING");
        }

        try (Receiver hook = new Receiver()) {
            new WebhookChannel("hook", hook.uri("/alerts"), null, Duration.ofSeconds(5)).deliver(n);
            JsonNode body = SignalJson.mapper().readTree(hook.requests().get(0).body());
            assertThat(body.get("flapping").asBoolean()).isTrue();
            assertThat(body.get("flap").get("flips").asInt()).isEqualTo(n.signal().flap().flips());
            assertThat(body.get("summary").asText()).contains("flapping: " + flips);
        }

        JsonNode alerts = SignalJson.mapper().readTree(AlertmanagerChannel.alerts(n, "", clock.now().plusSeconds(7200)));
        JsonNode annotations = alerts.get(0).get("annotations");
        assertThat(annotations.get("flapping").asText()).startsWith(flips).contains("paged once, then held");
        assertThat(annotations.get("summary").asText()).contains("flapping: " + flips);
        assertThat(annotations.get("description").asText()).contains("Flapping: " + flips);

        String stream = "watchtower:test:" + UUID.randomUUID();
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect();
             RedisStreamChannel channel = new RedisStreamChannel("stream", java.net.URI.create(REDIS), null, stream,
                     1000, Duration.ofSeconds(5), null)) {
            channel.deliver(n);
            List<StreamMessage<String, String>> entries = redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+"));
            assertThat(entries).hasSize(1);
            Map<String, String> fields = entries.get(0).getBody();
            assertThat(fields.get("flapping")).isEqualTo("true");
            assertThat(fields.get("text")).startsWith("[MEDIUM, FLAPPING] web: backend down").contains("Flapping: " + flips);
            redis.sync().del(stream);
        } catch (io.lettuce.core.RedisConnectionException e) {
            throw new AssertionError("this test needs Redis at " + REDIS + " (apt-get install redis-server, or run "
                    + ".ci/install-test-deps.sh)", e);
        } finally {
            client.shutdown();
        }
    }

    /** One probe of the replica tower: connections always, the lag when finite. */
    private void probeReplica(double lag) {
        clock.advance(Duration.ofSeconds(10));
        List<Observation> o = new ArrayList<>();
        o.add(new Observation("replica-1", "connections", Observation.Type.GAUGE, 12, 0, 0, null));
        if (Double.isFinite(lag)) {
            o.add(new Observation("replica-1", "replay_lag_seconds", Observation.Type.GAUGE, lag, 0, 0, null));
        }
        tracker.accept(new ProbeResult("pg-replica", clock.now().toEpochMilli(), ProbeResult.Outcome.OK, null, o,
                Map.of(), 0));
        escalator.tick();
    }

    @Test
    void aStoppedReplicaLagEndsItsFiringAsStaleInEveryChannel() throws Exception {
        for (int i = 0; i < 10; i++) {
            probeReplica(95);
        }
        assertThat(sent).extracting(Notification::reason).containsExactly(Notification.FIRING);
        for (int i = 0; i < SeriesTracker.STALE_AFTER_PROBES + 5; i++) {
            probeReplica(Double.NaN);
        }
        assertThat(sent).hasSize(2);
        Notification n = sent.get(1);
        assertThat(n.reason()).isEqualTo(Notification.RESOLVED);
        assertThat(n.signal().state()).isEqualTo(SignalState.STALE);
        NotificationText text = new NotificationText(n, "");
        assertThat(text.headline()).isEqualTo("[STALE, NO DATA] orders-db: replay lag seconds on replica-1");
        assertThat(text.full()).contains("is stale: no observation for 3 probes in a row while tower pg-replica still probes",
                "Fired 2026-01-12 09:00 UTC, found stale", "The firing ended without data");

        ByteArrayOutputStream console = new ByteArrayOutputStream();
        new ConsoleChannel("console", new PrintStream(console, true, StandardCharsets.UTF_8)).deliver(n);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains(" STALE medium threshold orders-db/replay_lag_seconds",
                "is stale");
        JsonNode alert = SignalJson.mapper().readTree(AlertmanagerChannel.alerts(n, "", clock.now().plusSeconds(7200))).get(0);
        assertThat(alert.get("endsAt").asText()).as("the alert ends").isEqualTo(n.signal().at());
        assertThat(alert.get("annotations").get("stale").asText()).startsWith("no observation for 3 probes");
        assertThat(escalator.idle()).isTrue();
    }
}
