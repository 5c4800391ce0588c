package io.watchtower.tower.postgres;

import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what one probe costs each server: statements (round trips), new sessions, and the
 * server-side time of the tower's statements as logged by {@code log_min_duration_statement = 0}.
 * A measurement, not a test of behaviour: run with {@code -Dprobe.cost=true}; it prints its figures.
 */
@EnabledIfSystemProperty(named = "probe.cost", matches = "true")
class PostgresProbeCost {

    private static final int PROBES = 50;
    /** Every logged step: parse, bind and execute of a prepared statement, or a simple-protocol statement. */
    private static final Pattern DURATION = Pattern.compile("app=watchtower .*duration: ([0-9.]+) ms  (statement|execute|parse|bind)");

    @Test
    void measure() throws IOException {
        try (PostgresServer primary = PostgresServer.builder()
                .setting("log_min_duration_statement", "0").setting("log_connections", "on")
                .setting("log_line_prefix", "%m [%p] app=%a ").start();
             PostgresServer replica = PostgresServer.replicaOf(primary)) {
            primary.psql("postgres", "CREATE ROLE watchtower LOGIN; GRANT pg_monitor TO watchtower");
            try (TowerHarness h = TowerHarness.of(new PostgresTowerFactory(), PostgresTowerTest.block(primary, replica),
                    "", new FakeClock())) {
                h.probes(5);
                long primaryBefore = Files.size(primary.logFile());
                long replicaBefore = Files.size(replica.logFile());
                long clientNanos = 0;
                double connectMillis = 0;
                for (int i = 0; i < PROBES; i++) {
                    h.probe();
                    clientNanos += h.lastResult().durationNanos();
                    connectMillis += h.lastResult().observations().stream()
                            .filter(o -> o.check().equals("connect_time")).mapToDouble(o -> o.value()).sum();
                }
                Figures p = figures(primary, primaryBefore);
                Figures r = figures(replica, replicaBefore);
                System.out.printf(Locale.ROOT, "postgres probe cost over %d probes (primary with one replica, both watched)%n", PROBES);
                p.print("primary");
                r.print("replica");
                System.out.printf(Locale.ROOT, "  whole probe of both servers, client side: %.2f ms, of which new sessions %.2f ms%n",
                        clientNanos / 1e6 / PROBES, connectMillis / PROBES);
                assertThat(p.statements).isGreaterThan(0);
                breakdown(primary, primaryBefore);
            }
        }
    }

    private record Figures(int statements, int sessions, double serverMillis) {
        void print(String name) {
            System.out.printf(Locale.ROOT, "  %s: %.1f statements, %.1f new sessions, %.3f ms server-side statement time per probe%n",
                    name, (double) statements / PROBES, (double) sessions / PROBES, serverMillis / PROBES);
        }
    }

    /** Server-side time per statement kind: what to optimise first. */
    private static void breakdown(PostgresServer server, long from) throws IOException {
        byte[] all = Files.readAllBytes(server.logFile());
        String tail = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        java.util.Map<String, double[]> by = new java.util.TreeMap<>();
        Pattern statement = Pattern.compile("app=watchtower .*duration: ([0-9.]+) ms  ((?:statement|execute|parse|bind)[^:]*: .{0,32})");
        for (String line : tail.lines().toList()) {
            Matcher m = statement.matcher(line);
            if (m.find()) {
                double[] sum = by.computeIfAbsent(m.group(2), k -> new double[2]);
                sum[0]++;
                sum[1] += Double.parseDouble(m.group(1));
            }
        }
        by.forEach((k, v) -> System.out.printf(Locale.ROOT, "    %-42s %.3f ms on average%n", k, v[1] / v[0]));
    }

    private static Figures figures(PostgresServer server, long from) throws IOException {
        byte[] all = Files.readAllBytes(server.logFile());
        String tail = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
        int statements = 0;
        int sessions = 0;
        double millis = 0;
        List<String> lines = new ArrayList<>(tail.lines().toList());
        for (String line : lines) {
            Matcher m = DURATION.matcher(line);
            if (m.find()) {
                if (m.group(2).equals("statement") || m.group(2).equals("execute")) {
                    statements++;
                }
                millis += Double.parseDouble(m.group(1));
            }
            if (line.contains("connection authorized: user=watchtower")) {
                sessions++;
            }
        }
        return new Figures(statements, sessions, millis);
    }
}
