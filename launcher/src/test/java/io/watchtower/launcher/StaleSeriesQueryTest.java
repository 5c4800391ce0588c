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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void anotherHostSeesTheSeriesStaleThroughTheFleetRegistry(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        int viewerPort = Ports.free();
        String api = "http://127.0.0.1:" + apiPort;
        String viewerApi = "http://127.0.0.1:" + viewerPort;
        try (io.watchtower.testkit.fixture.PostgresServer pg = io.watchtower.testkit.fixture.PostgresServer.builder().start();
             Listener kept = new Listener(0)) {
            pg.psql("postgres", "CREATE DATABASE registry");
            String registry = RegistryFixtures.postgres(pg.jdbcUrl("registry"));
            Listener closed = new Listener(0);
            int port = closed.port();
            Path path = dir.resolve("stale.conf");
            Files.writeString(path, config(dir, "stale-host", apiPort, registry,
                    "    paths { type = network-path, component = app, interval = 1s, jitter = 0, backoff.max = 1s,"
                            + " targets = [\"127.0.0.1:" + kept.port() + "\", \"127.0.0.1:" + port + "\"] }"));
            Path viewerPath = dir.resolve("viewer.conf");
            Files.writeString(viewerPath, config(dir, "viewer", viewerPort, registry,
                    RegistryFixtures.pathTower("own", "viewer-app", kept.port())));
            DaemonConfig config = new ConfigLoader(System.getenv()).load(path);
            DaemonConfig viewerConfig = new ConfigLoader(System.getenv()).load(viewerPath);
            Daemon daemon = Daemon.start(config, Installation.catalog(config), TowerClock.system(), System.getenv());
            Daemon viewer = Daemon.start(viewerConfig, Installation.catalog(viewerConfig), TowerClock.system(),
                    System.getenv());
            try {
                String series = "paths/127.0.0.1%3A" + port + "/connect_time";
                await("the fleet shows both targets observed", () -> fleetState(viewerApi, series).equals("ok"));

                closed.close();
                await("the fleet shows the closed target's connect_time stale",
                        () -> fleetState(viewerApi, series).equals("stale"));
                JsonNode stored = fleetRow(viewerApi, series);
                assertThat(stored.get("stale_since").asText()).as("as its own daemon says")
                        .isEqualTo(row(api, series).get("stale_since").asText());
                assertThat(stored.get("flapping").asBoolean()).isFalse();
                String[] table = query("baselines", "--api", viewerApi, "--host", "stale-host", "--check", "connect_time");
                assertThat(table[0]).isEqualTo("0");
                assertThat(table[1].lines().filter(l -> l.contains(series)).findFirst().orElseThrow())
                        .contains("stale since " + stored.get("stale_since").asText());

                closed = new Listener(port);
                await("the fleet shows it fresh again", () -> fleetState(viewerApi, series).equals("ok"));
                assertThat(fleetRow(viewerApi, series).has("stale_since")).isFalse();
            } finally {
                closed.close();
                viewer.close();
                daemon.close();
            }
        }
    }

    /** The fleet's row of a series of host stale-host, as another daemon's API answers from the registry. */
    private static JsonNode fleetRow(String viewerApi, String series) {
        return row(series, "--api", viewerApi, "--host", "stale-host");
    }

    private static String fleetState(String viewerApi, String series) {
        return fleetRow(viewerApi, series).path("state").asText("");
    }

    private static JsonNode row(String api, String series) {
        return row(series, "--api", api);
    }

    private static JsonNode row(String series, String... where) {
        List<String> args = new ArrayList<>(List.of("baselines"));
        args.addAll(List.of(where));
        args.addAll(List.of("--check", "connect_time", "--output", "json"));
        String[] answer = query(args.toArray(new String[0]));
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

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(40), condition);
    }
}
