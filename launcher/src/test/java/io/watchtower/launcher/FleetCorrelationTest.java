package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.testkit.fixture.Ports;
import io.watchtower.testkit.fixture.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.watchtower.launcher.RegistryFixtures.config;
import static io.watchtower.launcher.RegistryFixtures.pathTower;
import static io.watchtower.launcher.RegistryFixtures.postgres;
import static io.watchtower.launcher.RegistryFixtures.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet correlation through a shared PostgreSQL registry: two daemons watch the same component;
 * when only one host sees it unreachable, its notification says so and points at the path or the
 * host; when both see it, the second notification says "seen from 2 of 2 hosts".
 */
class FleetCorrelationTest {

    @Test
    void notificationsSayHowManyHostsSeeTheProblem(@TempDir Path dir) throws Exception {
        PostgresServer pg = SharedPostgres.server();
        String registry = postgres(pg.jdbcUrl(SharedPostgres.newDatabase("registry")));
        Listener healthyForB = new Listener(0);
        int closedForA = Ports.free();
        int portA = Ports.free();
        int portB = Ports.free();
        Path configA = dir.resolve("a.conf");
        Path configB = dir.resolve("b.conf");
        Files.writeString(configA, config(dir, "host-a", portA, registry, pathTower("db-path", "orders-db", closedForA)));
        Files.writeString(configB, config(dir, "host-b", portB, registry,
                pathTower("db-path", "orders-db", healthyForB.port()))
                // every signal its own notification, so the unreachable one leads and carries its own fleet view
                .replace("escalation.group-wait = 1s", "escalation.group-wait = 0s"));
        String apiB = "http://127.0.0.1:" + portB;
        DaemonProcess b = DaemonProcess.start(configB, portB, dir);
        DaemonProcess a = null;
        try {
            b.await("host-b's tower is in the fleet registry", Duration.ofSeconds(60),
                    () -> query("towers", "--api", apiB, "--output", "json")[1].contains("host-b"));
            a = DaemonProcess.start(configA, portA, dir);
            DaemonProcess started = a;
            started.await("host-a notifies the unreachable path", Duration.ofSeconds(60),
                    () -> fleetSummary(dir.resolve("host-a-signals.jsonl")).isPresent());
            assertThat(fleetSummary(dir.resolve("host-a-signals.jsonl")).orElseThrow())
                    .isEqualTo("only from host-a (1 other host sees it healthy) — suspect the path or the host");

            healthyForB.close();
            b.await("host-b notifies the unreachable component", Duration.ofSeconds(60),
                    () -> fleetSummary(dir.resolve("host-b-signals.jsonl")).isPresent());
            assertThat(fleetSummary(dir.resolve("host-b-signals.jsonl")).orElseThrow())
                    .as(String.join("\n", query("signals", "--api", apiB, "--component", "orders-db", "--output", "json")))
                    .isEqualTo("seen from 2 of 2 hosts");
        } finally {
            if (a != null) {
                a.close();
            }
            b.close();
        }
    }

    /** The fleet summary of the first firing unreachable notification in a file channel, if any. */
    private static Optional<String> fleetSummary(Path channel) {
        if (!Files.exists(channel)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(channel));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = SignalJson.mapper().readTree(line);
                if ("unreachable".equals(n.path("kind").asText()) && "firing".equals(n.path("state").asText())) {
                    JsonNode summary = n.path("escalation").path("fleet").path("summary");
                    return summary.isMissingNode() ? Optional.of("(no fleet view)") : Optional.of(summary.asText());
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
