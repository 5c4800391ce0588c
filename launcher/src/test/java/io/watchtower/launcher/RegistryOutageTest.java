package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.Ports;
import io.watchtower.testkit.fixture.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.watchtower.launcher.RegistryFixtures.config;
import static io.watchtower.launcher.RegistryFixtures.json;
import static io.watchtower.launcher.RegistryFixtures.pathTower;
import static io.watchtower.launcher.RegistryFixtures.postgres;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet registry goes down while towers probe and signals fire; when it returns, every signal
 * and every baseline publication made meanwhile arrives, exactly once, and the API said "partial"
 * in between.
 */
class RegistryOutageTest {

    @Test
    void everyPublicationArrivesExactlyOnceAfterAnOutage(@TempDir Path dir) throws Exception {
        try (PostgresServer pg = PostgresServer.builder().start()) {
            pg.psql("postgres", "CREATE DATABASE registry");
            Listener target = new Listener(0);
            int port = target.port();
            Path file = dir.resolve("outage.conf");
            Files.writeString(file, config(dir, "outage-host", Ports.free(), postgres(pg.jdbcUrl("registry")),
                    pathTower("db-path", "orders-db", port)));
            DaemonConfig config = new ConfigLoader(System.getenv()).load(file);
            Daemon daemon = Daemon.start(config, Installation.catalog(config), TowerClock.system(), System.getenv());
            Path journal = config.stateDir().resolve("journal").resolve("signals.jsonl");
            long revisionsBefore;
            try {
                await("the first baselines reach PostgreSQL", () -> daemon.exposure().registry().fleetUp()
                        && Integer.parseInt(pg.psql("registry", "SELECT count(*) FROM baselines")) > 0);
                revisionsBefore = Long.parseLong(pg.psql("registry", "SELECT sum(revisions) FROM baselines"));

                pg.stop();
                target.close();
                await("unreachable fires while the registry is down", () -> journaled(journal, "firing") > 0);
                try (Listener back = new Listener(port)) {
                    await("and resolves", () -> journaled(journal, "resolved") > 0);
                }
                assertThat(daemon.exposure().registry().fleetUp()).isFalse();
                assertThat(daemon.exposure().registry().backlogBytes()).as("publications queued").isPositive();
                JsonNode towers = json(new String(daemon.exposure().routes().answer("GET", "/api/v1/towers", Map.of())
                        .body(), java.nio.charset.StandardCharsets.UTF_8));
                assertThat(towers.get("partial").asBoolean()).isTrue();
                assertThat(towers.get("missing").get(0).asText()).contains("fleet registry unreachable", "outage-host");
                assertThat(towers.get("towers").findValuesAsText("id")).containsExactly("db-path");

                pg.start();
                await("the backlog drains", () -> daemon.exposure().registry().fleetUp()
                        && daemon.exposure().registry().backlogBytes() == 0);
            } finally {
                daemon.close();
            }

            List<String> journalIds = Files.readAllLines(journal).stream().filter(l -> !l.isBlank())
                    .map(l -> SignalJson.read(l).id()).collect(Collectors.toList());
            List<String> registryIds = Arrays.asList(pg.psql("registry",
                    "SELECT id FROM signals WHERE host = 'outage-host' ORDER BY at, id").split("\n"));
            assertThat(journalIds).as("signals journaled").hasSizeGreaterThanOrEqualTo(2);
            assertThat(registryIds).as("every signal arrived once").hasSameSizeAs(journalIds)
                    .containsExactlyInAnyOrderElementsOf(journalIds);
            assertThat(Files.readAllLines(journal).stream().filter(l -> !l.isBlank()).map(SignalJson::read)
                    .filter(s -> s.kind() == SignalKind.BLIND_SPOT).map(s -> s.check() + ": " + s.summary()))
                    .as("no blind spot of its own towers after the outage").isEmpty();

            Map<String, String> local = new TreeMap<>();
            for (JsonNode b : SignalJson.mapper().readTree(config.stateDir().resolve("registry").resolve("baselines.json").toFile())) {
                local.put(b.get("series").asText() + "|" + b.get("season_bucket").asText(),
                        b.get("revisions").asLong() + "|" + b.get("updated_ms").asLong());
            }
            Map<String, String> fleet = new TreeMap<>();
            for (String row : pg.psql("registry", "SELECT series, season_bucket, revisions,"
                    + " (extract(epoch FROM updated_at) * 1000)::bigint FROM baselines").split("\n")) {
                String[] c = row.split("\\|");
                fleet.put(c[0] + "|" + c[1], c[2] + "|" + c[3]);
            }
            long revisionsAfter = Long.parseLong(pg.psql("registry", "SELECT sum(revisions) FROM baselines"));
            System.out.println("signals: " + journalIds.size() + " journaled, " + registryIds.size() + " in the registry; "
                    + "baseline publications applied: " + revisionsBefore + " before the outage, " + revisionsAfter + " in all");
            assertThat(revisionsAfter).as("baselines published during the outage arrived").isGreaterThan(revisionsBefore);
            assertThat(fleet).as("each series and bucket: as many publications applied as made, the same last one")
                    .isEqualTo(local);
        }
    }

    private static long journaled(Path journal, String state) {
        try {
            return Files.readAllLines(journal).stream().filter(l -> !l.isBlank()).map(SignalJson::read)
                    .filter(s -> s.kind() == SignalKind.UNREACHABLE && s.state().wireName().equals(state)).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
