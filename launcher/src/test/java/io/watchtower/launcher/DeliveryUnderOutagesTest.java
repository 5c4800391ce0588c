package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.Await;
import io.watchtower.testkit.SignalSchema;
import io.watchtower.testkit.fixture.AlertmanagerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1 000 signals through a real daemon process while the webhook receiver and the path to a real
 * Alertmanager are up only half of the time, with two SIGKILLs of the daemon in between: every
 * signal arrives at least once at both, in order per fingerprint, a duplicate always with the same
 * id; Alertmanager ends with exactly the alerts whose last signal fires. Prints the figures.
 */
class DeliveryUnderOutagesTest {

    private static final int TOTAL = 1000;
    private static final int FINGERPRINTS = 80;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One arrival at a receiver. */
    private record Arrival(String id, String fingerprint, boolean firing) {
    }

    @Test
    void everySignalArrivesAtLeastOnceInOrderPerFingerprintThroughOutagesAndTwoSigkills(@TempDir Path dir)
            throws Exception {
        List<Arrival> webhook = new ArrayList<>();
        List<Arrival> alertmanager = new ArrayList<>();
        AtomicInteger idMismatches = new AtomicInteger();
        FlakyReceiver hook = new FlakyReceiver((exchange, body) -> {
            String json = new String(body, StandardCharsets.UTF_8);
            SignalSchema.assertValid(json);
            Signal s = SignalJson.read(json);
            if (!s.id().equals(exchange.getRequestHeaders().getFirst("Idempotency-Key"))) {
                idMismatches.incrementAndGet();
            }
            synchronized (webhook) {
                webhook.add(new Arrival(s.id(), s.fingerprint(), s.firing()));
            }
            return 200;
        });
        FlakyReceiver amSink = new FlakyReceiver((exchange, body) -> 200);
        try (AlertmanagerServer am = AlertmanagerServer.routingTo(URI.create("http://127.0.0.1:" + amSink.port() + "/"))) {
            FlakyReceiver toAlertmanager = new FlakyReceiver((exchange, body) -> {
                HttpResponse<String> answer;
                try {
                    answer = HTTP.send(HttpRequest.newBuilder(am.alertsUri()).timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 503;
                }
                if (answer.statusCode() / 100 == 2) {
                    Instant soon = Instant.now().plusSeconds(60);
                    for (JsonNode alert : SignalJson.mapper().readTree(body)) {
                        synchronized (alertmanager) {
                            alertmanager.add(new Arrival(alert.get("annotations").get("signal_id").asText(),
                                    alert.get("labels").get("fingerprint").asText(),
                                    Instant.parse(alert.get("endsAt").asText()).isAfter(soon)));
                        }
                    }
                }
                return answer.statusCode();
            });
            Path config = dir.resolve("feeder.conf");
            Files.writeString(config, "watchtower {\n host = feeder\n state-dir = \"" + dir.resolve("state") + "\"\n"
                    + " api.listen = \"127.0.0.1:0\"\n shutdown-timeout = 2s\n"
                    + " escalation { group-wait = 0s, repeat-interval = 1h, raise-after = 1d }\n"
                    + " delivery { retry-min = 20ms, retry-max = 250ms, timeout = 2s }\n"
                    + " channels = [\n"
                    + "  { type = webhook, name = hook, url = \"http://127.0.0.1:" + hook.port() + "/hook\" }\n"
                    + "  { type = alertmanager, name = am, url = \"http://127.0.0.1:" + toAlertmanager.port() + "\" }\n"
                    + " ]\n towers {}\n}\n");

            AtomicLong upMillis = new AtomicLong();
            AtomicLong downMillis = new AtomicLong();
            Thread flapper = new Thread(() -> {
                boolean up = true;
                while (!Thread.currentThread().isInterrupted()) {
                    long started = System.nanoTime();
                    try {
                        Thread.sleep(400);
                    } catch (InterruptedException e) {
                        break;
                    }
                    (up ? upMillis : downMillis).addAndGet((System.nanoTime() - started) / 1_000_000);
                    up = !up;
                    if (up) {
                        hook.up();
                        toAlertmanager.up();
                    } else {
                        hook.down();
                        toAlertmanager.down();
                    }
                }
            }, "flapper");
            long started = System.nanoTime();
            flapper.start();
            int kills = 0;
            Feeder feeder = Feeder.start(config, dir);
            try {
                feeder.awaitProduced(TOTAL / 3);
                feeder.kill();
                kills++;
                feeder = Feeder.start(config, dir);
                feeder.awaitProduced(2 * TOTAL / 3);
                feeder.kill();
                kills++;
                feeder = Feeder.start(config, dir);
                feeder.awaitProduced(TOTAL);
                flapper.interrupt();
                flapper.join();
                hook.up();
                toAlertmanager.up();

                List<Signal> produced = journal(dir.resolve("state").resolve("journal").resolve("signals.jsonl"));
                assertThat(produced).as("produced once each, across restarts").hasSize(TOTAL);
                assertThat(produced.stream().map(Signal::id).distinct().count()).isEqualTo(TOTAL);
                Set<String> ids = new HashSet<>();
                produced.forEach(s -> ids.add(s.id()));
                Await.until("every signal reached the webhook and Alertmanager", Duration.ofSeconds(40),
                        () -> ids(webhook).containsAll(ids) && ids(alertmanager).containsAll(ids));
                double seconds = (System.nanoTime() - started) / 1e9;

                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < produced.size(); i++) {
                    index.put(produced.get(i).id(), i);
                }
                for (Map.Entry<String, List<Arrival>> channel : Map.of("webhook", copy(webhook),
                        "alertmanager", copy(alertmanager)).entrySet()) {
                    List<Arrival> arrivals = channel.getValue();
                    Set<String> distinct = new HashSet<>();
                    arrivals.forEach(a -> distinct.add(a.id()));
                    System.out.printf("%-12s produced %d, delivered %d distinct (%d deliveries), duplicated %d, "
                                    + "missing %d%n", channel.getKey(), TOTAL, distinct.size(), arrivals.size(),
                            arrivals.size() - distinct.size(), TOTAL - distinct.stream().filter(ids::contains).count());
                    assertThat(distinct).as(channel.getKey() + ": every signal delivered").containsAll(ids);
                    Map<String, Integer> lastIndex = new HashMap<>();
                    for (Arrival a : arrivals) {
                        Integer i = index.get(a.id());
                        assertThat(i).as(channel.getKey() + ": only produced ids arrive").isNotNull();
                        Signal s = produced.get(i);
                        assertThat(a.fingerprint()).as("same id, same signal").isEqualTo(s.fingerprint());
                        assertThat(a.firing()).as("same id, same state").isEqualTo(s.firing());
                        int previous = lastIndex.getOrDefault(a.fingerprint(), -1);
                        assertThat(i).as(channel.getKey() + ": in order per fingerprint " + a.fingerprint())
                                .isGreaterThanOrEqualTo(previous);
                        lastIndex.put(a.fingerprint(), i);
                    }
                }
                assertThat(idMismatches.get()).as("Idempotency-Key is the signal id").isZero();
                System.out.printf("receivers up %d ms, down %d ms; %d SIGKILLs; %.1f s in all%n", upMillis.get(),
                        downMillis.get(), kills, seconds);

                Set<String> stillFiring = new TreeSet<>();
                Map<String, Signal> last = new HashMap<>();
                produced.forEach(s -> last.put(s.fingerprint(), s));
                last.values().stream().filter(Signal::firing).forEach(s -> stillFiring.add(s.fingerprint()));
                JsonNode active = SignalJson.mapper().readTree(HTTP.send(HttpRequest.newBuilder(
                        URI.create(am.alertsUri() + "?active=true")).build(), HttpResponse.BodyHandlers.ofString()).body());
                Set<String> activeFingerprints = new TreeSet<>();
                active.forEach(a -> activeFingerprints.add(a.get("labels").get("fingerprint").asText()));
                assertThat(activeFingerprints).as("Alertmanager shows exactly the fingerprints still firing")
                        .isEqualTo(stillFiring).hasSize(TOTAL % FINGERPRINTS);
                assertThat(feeder.stop()).as("stopped by SIGTERM (plain JVM: 143), its daemon closed by the shutdown hook")
                        .isIn(0, 143);
            } finally {
                flapper.interrupt();
                feeder.kill();
                hook.close();
                toAlertmanager.close();
            }
        } finally {
            amSink.close();
        }
    }

    private static List<Arrival> copy(List<Arrival> list) {
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private static Set<String> ids(List<Arrival> list) {
        Set<String> ids = new HashSet<>();
        copy(list).forEach(a -> ids.add(a.id()));
        return ids;
    }

    private static List<Signal> journal(Path file) throws IOException {
        List<Signal> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                Signal s = SignalJson.read(line);
                if (s.component().startsWith(PipelineFeeder.COMPONENT)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The feeder daemon process. */
    private static final class Feeder {
        private final Process process;
        private final Path log;
        private volatile int produced;

        private Feeder(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("produced ")) {
                            produced = Integer.parseInt(line.substring(9).strip());
                        } else if (line.startsWith("all produced")) {
                            produced = TOTAL;
                        }
                        Files.writeString(log, line + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    }
                } catch (IOException ignored) {
                    // the process was killed
                }
            }, "feeder-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Feeder start(Path config, Path dir) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), PipelineFeeder.class.getName(),
                    config.toString(), Integer.toString(TOTAL), Integer.toString(FINGERPRINTS), "4");
            builder.redirectErrorStream(true);
            return new Feeder(builder.start(), dir.resolve("feeder.log"));
        }

        private String feederLog() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        void awaitProduced(int n) {
            try {
                Await.until("the feeder produced " + n, Duration.ofSeconds(40), () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("feeder exited with " + process.exitValue());
                    }
                    return produced >= n;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; produced " + produced + ":\n" + feederLog(), e);
            }
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }

        int stop() throws Exception {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new AssertionError("feeder did not stop on SIGTERM");
            }
            return process.exitValue();
        }
    }
}
