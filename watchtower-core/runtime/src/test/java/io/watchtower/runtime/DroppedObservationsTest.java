package io.watchtower.runtime;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.time.Await;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations the core drops — past a tower's cap per probe, or reported after its probe ended —
 * are counted per tower, shown in the tower's API view and in /metrics, and logged.
 */
class DroppedObservationsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String get(Daemon daemon, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + daemon.apiAddress().getPort() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode dropped(Daemon daemon, String tower) throws Exception {
        for (JsonNode t : SignalJson.mapper().readTree(get(daemon, "/api/v1/towers")).get("towers")) {
            if (t.get("id").asText().equals(tower)) {
                return t.get("dropped_observations");
            }
        }
        throw new AssertionError("no tower " + tower);
    }

    @Test
    void droppedObservationsAreCountedShownAndLogged(@TempDir Path dir) throws Exception {
        TowerCatalog catalog = TowerCatalog.of(
                new ScriptedTowerFactory("flooding", () -> out -> {
                    for (int i = 0; i < 10_007; i++) {
                        out.target("x").gauge("latency", i);
                    }
                }),
                new ScriptedTowerFactory("lingering", () -> out -> {
                    out.target("y").gauge("latency", 1);
                    long until = System.nanoTime() + 600_000_000L;
                    while (System.nanoTime() < until) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException ignored) {
                            // a tower that ignores its timeout and reports afterwards
                        }
                    }
                    out.target("y").gauge("latency", 2).gauge("latency", 3).gauge("latency", 4);
                }));
        String text = "watchtower {\n host = h\n state-dir = \"" + dir + "\"\n api.listen = \"127.0.0.1:0\"\n"
                + " channels = []\n"
                + " tower-defaults { jitter = 0, backoff.max = 1s }\n"
                + " towers {\n"
                + "  flood { type = flooding, interval = 1s }\n"
                + "  linger { type = lingering, interval = 1s, timeout = 300ms }\n"
                + " }\n}\n";
        DaemonConfig config = new ConfigLoader(Map.of()).validate(ConfigFactory.parseString(text), dir.resolve("t.conf"));
        Logger log = (Logger) LoggerFactory.getLogger(RunningTower.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        Daemon daemon = Daemon.start(config, catalog, TowerClock.system(), Map.of());
        try {
            // real time: the lingering tower's own thread outlives its real probe timeout
            Await.until("three probes over the cap and two late reports", Duration.ofSeconds(20), () -> {
                try {
                    return dropped(daemon, "flood").get("over_cap").asLong() >= 3 * 7
                            && dropped(daemon, "linger").get("late").asLong() >= 2 * 3;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode flood = dropped(daemon, "flood");
            assertThat(flood.get("over_cap").asLong()).as("three probes' worth over the cap").isGreaterThanOrEqualTo(21);
            assertThat(flood.get("over_cap").asLong() % 7).as("7 per probe").isZero();
            assertThat(flood.get("late").asLong()).isZero();
            assertThat(flood.get("total").asLong()).isEqualTo(flood.get("over_cap").asLong());
            JsonNode linger = dropped(daemon, "linger");
            assertThat(linger.get("late").asLong()).isGreaterThanOrEqualTo(6);
            assertThat(linger.get("over_cap").asLong()).isZero();

            List<String> metrics = get(daemon, "/metrics").lines()
                    .filter(l -> l.startsWith("watchtower_observations_dropped_total{")).collect(Collectors.toList());
            assertThat(metrics).anyMatch(l -> l.contains("reason=\"over_cap\"") && l.contains("tower_type=\"flooding\""));
            assertThat(metrics).anyMatch(l -> l.contains("reason=\"late\"") && l.contains("tower_type=\"lingering\""));

            List<String> warnings = events.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
            assertThat(warnings.stream().filter(w -> w.startsWith("tower flood dropped ")))
                    .as("one warning per minute at most, though every probe drops").hasSize(1)
                    .allMatch(w -> w.contains("7 over the cap of 10000 per probe"));
            assertThat(warnings.stream().filter(w -> w.startsWith("tower linger dropped ")))
                    .hasSize(1).allMatch(w -> w.contains("3 reported after the probe ended"));
        } finally {
            daemon.close();
            log.detachAppender(events);
        }
    }
}
