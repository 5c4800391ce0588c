package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.watchtower.launcher.RegistryFixtures.config;
import static io.watchtower.launcher.RegistryFixtures.json;
import static io.watchtower.launcher.RegistryFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running daemon whose network-path tower watches two real listeners; one is closed, so its
 * {@code connect_time} stops arriving while the other's still does: the API and
 * {@code watchtower query baselines} show it stale, and fresh again once the listener is back.
 */
class StaleSeriesQueryTest {

    @Test
    void aSeriesThatStopsArrivingIsStaleInTheApiAndTheQueryCommandAndFreshWhenItIsBack(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        String api = "http://127.0.0.1:" + apiPort;
        try (Listener kept = new Listener(0)) {
            Listener closed = new Listener(0);
            int port = closed.port();
            Path path = dir.resolve("stale.conf");
            Files.writeString(path, config(dir, "stale-host", apiPort, "",
                    "    paths { type = network-path, component = app, interval = 1s, jitter = 0, backoff.max = 1s,"
                            + " targets = [\"127.0.0.1:" + kept.port() + "\", \"127.0.0.1:" + port + "\"] }"));
            DaemonConfig config = new ConfigLoader(System.getenv()).load(path);
            Daemon daemon = Daemon.start(config, Installation.catalog(config), TowerClock.system(), System.getenv());
            try {
                String series = "paths/127.0.0.1%3A" + port + "/connect_time";
                await("both targets observed", () -> state(api, series).equals("ok"));

                closed.close();
                await("the closed target's connect_time stale", () -> state(api, series).equals("stale"));
                JsonNode row = row(api, series);
                assertThat(row.get("stale_since").asText()).isNotEmpty();
                assertThat(row.get("stale_reason").asText())
                        .matches("no observation for ([3-9]|[1-9][0-9]+) probes of tower paths in a row while the tower still probes");
                assertThat(row.get("firing").asBoolean()).isFalse();
                assertThat(state(api, "paths/127.0.0.1%3A" + kept.port() + "/connect_time")).isEqualTo("ok");
                String[] table = query("baselines", "--api", api, "--check", "connect_time");
                assertThat(table[0]).isEqualTo("0");
                assertThat(table[1].lines().filter(l -> l.contains(series)).findFirst().orElseThrow())
                        .contains("stale since " + row.get("stale_since").asText());

                closed = new Listener(port);
                await("fresh again", () -> state(api, series).equals("ok"));
            } finally {
                closed.close();
                daemon.close();
            }
        }
    }

    private static JsonNode row(String api, String series) {
        String[] answer = query("baselines", "--api", api, "--check", "connect_time", "--output", "json");
        for (JsonNode n : json(answer[1]).path("series")) {
            if (n.path("series").asText().equals(series)) {
                return n;
            }
        }
        return json("{}");
    }

    private static String state(String api, String series) {
        return row(api, series).path("state").asText("");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 40 s: " + what);
            }
            Thread.sleep(200);
        }
    }
}
