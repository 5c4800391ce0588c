package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.http.ApiServer;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.SignalSchema;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon as a process: signals in the file channel, SIGKILL recovery, SIGHUP reload, SIGTERM.
 * The cases run side by side: each starts its own daemons, on ports and in a folder of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class DaemonLifecycleTest {

    private static String config(Path dir, int apiPort, String towers) {
        return "watchtower {\n"
                + "  host = \"test-host\"\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  api.listen = \"127.0.0.1:" + apiPort + "\"\n"
                + "  baseline.warm-up = 5\n"
                + "  snapshot-interval = 1s\n"
                + "  shutdown-timeout = 3s\n"
                + "  escalation.group-wait = 0s\n"
                + "  channels = [ { type = file, path = \"" + dir.resolve("signals.jsonl") + "\" } ]\n"
                + "  towers {\n" + towers + "\n  }\n"
                + "}\n";
    }

    private static String pathTower(String id, int port) {
        return "    " + id + " { type = network-path, component = app, interval = 1s, jitter = 0, backoff.max = 1s, "
                + "targets = [\"127.0.0.1:" + port + "\"] }";
    }

    /**
     * How long to wait for what a test does not measure: a daemon on a machine busy with other
     * builds can take many seconds for what takes one on a quiet one.
     */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * Starts a daemon the test reloads with SIGHUP with SIGHUP's default disposition, whatever this
     * JVM inherited: a suite started under {@code nohup} ignores it, and so would its daemons.
     */
    private static final List<String> HUP_DEFAULT = List.of("env", "--default-signal=HUP");

    /**
     * Waits for the first unreachable signal in {@code state} in the daemon's journal, written as
     * the probe is judged (before escalation and the channel), and reads the daemon's probe count
     * right then: at most one probe late, however slow the channel or this test is.
     *
     * @return the reachable series' samples when the signal was seen
     */
    private static long samplesOnceJournaled(DaemonProcess daemon, Path journal, String state) {
        long[] samples = {-1};
        daemon.await("an unreachable signal " + state + " in the journal", WAIT, () -> {
            if (unreachable(journal, state).isEmpty()) {
                return false;
            }
            try {
                samples[0] = daemon.samples("reachable");
                return true;
            } catch (IOException e) {
                return false; // asked again: later, so never fewer probes
            }
        });
        return samples[0];
    }

    private static List<Signal> unreachable(Path file, String state) {
        return DaemonProcess.signals(file).stream()
                .filter(s -> s.kind() == SignalKind.UNREACHABLE && s.state().wireName().equals(state)).collect(Collectors.toList());
    }

    @Test
    void unreachableFiresAndResolvesThroughTheFileChannel(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        Path signals = dir.resolve("signals.jsonl");
        Path journal = dir.resolve("state").resolve("journal").resolve("signals.jsonl");
        Listener listener = new Listener(0);
        int port = listener.port();
        Path config = dir.resolve("watchtower.conf");
        Files.writeString(config, config(dir, apiPort, pathTower("path", port)));
        try (DaemonProcess daemon = DaemonProcess.start(config, apiPort, dir)) {
            daemon.await("the path series is past warm-up", WAIT, () -> ready(daemon, "connect_time"));

            listener.close();
            long before = daemon.samples("reachable");
            assertThat(samplesOnceJournaled(daemon, journal, "firing") - before).as("probes until firing")
                    .isLessThanOrEqualTo(5);
            daemon.await("the file channel has the firing", WAIT, () -> !unreachable(signals, "firing").isEmpty());

            try (Listener reopened = new Listener(port)) {
                long reopenedAt = daemon.samples("reachable");
                assertThat(samplesOnceJournaled(daemon, journal, "resolved") - reopenedAt).as("probes until resolved")
                        .isLessThanOrEqualTo(5);
                daemon.await("the file channel has the resolution", WAIT,
                        () -> !unreachable(signals, "resolved").isEmpty());
                Signal firing = unreachable(signals, "firing").get(0);
                Signal resolved = unreachable(signals, "resolved").get(0);
                assertThat(resolved.fingerprint()).isEqualTo(firing.fingerprint());
                assertThat(firing.target()).isEqualTo("127.0.0.1:" + port);
                assertThat(firing.tower().host()).isEqualTo("test-host");
                assertThat(daemon.stop()).as("exit code after SIGTERM").isZero();
                assertJsonLogs(daemon.log());
            }
        }
    }

    @Test
    void apiClientsThatStallAreCutAndTheApiAnswersAgain(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        Path config = dir.resolve("watchtower.conf");
        Files.writeString(config, config(dir, apiPort, pathTower("path", Ports.free())));
        List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try (DaemonProcess daemon = DaemonProcess.start(config, apiPort, dir)) {
            // many more clients that send half a request than there are API worker threads
            for (int i = 0; i < 10 * ApiServer.WORKERS; i++) {
                java.net.Socket s = new java.net.Socket("127.0.0.1", apiPort);
                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-Partial: ".getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII));
                stalled.add(s);
            }
            long started = System.nanoTime();
            Duration cut = Duration.ofSeconds(ApiServer.MAX_REQUEST_SECONDS + 8);
            daemon.await("the API answers while clients stall", cut, () -> {
                try {
                    return daemon.get("/health").statusCode() == 200;
                } catch (IOException turnedAway) {
                    return false;
                }
            });
            // and every stalled request is cut after MAX_REQUEST_SECONDS: the server closes it
            for (java.net.Socket s : stalled) {
                long left = cut.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis();
                s.setSoTimeout((int) Math.max(1, left));
                assertThat(closedByServer(s)).as("a stalled client's connection is closed").isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(cut);
            assertThat(daemon.stop()).isZero();
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
    }

    /** @return whether the server closed the connection (end of stream or reset) before the read timeout */
    private static boolean closedByServer(java.net.Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** Every log line is a JSON object with timestamp, level, logger, host and message; signal lines name tower, series and signal id. */
    private static void assertJsonLogs(String log) throws IOException {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = SignalJson.mapper().readTree(line);
            for (String field : List.of("timestamp", "level", "logger", "host", "message")) {
                assertThat(node.has(field)).as("log field %s in %s", field, line).isTrue();
            }
            assertThat(node.get("host").asText()).isEqualTo("test-host");
            lines.add(node);
        }
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.path("tower").asText()).isEqualTo("path");
            assertThat(n.path("series").asText()).startsWith("path/");
            assertThat(n.path("signal_id").asText()).isNotEmpty();
        });
    }

    @Test
    void afterSigkillReadySeriesAreReadyAtOnceAndNoSignalIsLostOrDuplicated(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        Path signals = dir.resolve("signals.jsonl");
        Listener listener = new Listener(0);
        int port = listener.port();
        Path config = dir.resolve("watchtower.conf");
        Files.writeString(config, config(dir, apiPort, pathTower("path", port)));
        Path journal = dir.resolve("state").resolve("journal").resolve("signals.jsonl");
        String confidenceBefore;
        try (DaemonProcess first = DaemonProcess.start(config, apiPort, dir)) {
            first.await("the path series is past warm-up", WAIT, () -> ready(first, "connect_time"));
            confidenceBefore = first.series("connect_time").orElseThrow().get("confidence").asText();
            listener.close();
            first.await("unreachable fires", WAIT, () -> !unreachable(signals, "firing").isEmpty());
            java.nio.file.attribute.FileTime fired = java.nio.file.attribute.FileTime.from(java.time.Instant.now());
            Path snapshot = dir.resolve("state").resolve("baselines.snap");
            first.await("a snapshot written after READY and the firing", WAIT, () -> {
                try {
                    return Files.exists(snapshot) && Files.getLastModifiedTime(snapshot).compareTo(fired) > 0;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            first.killHard();
        }
        assertThat(Files.size(journal)).as("journal written before the kill").isPositive();
        try (DaemonProcess second = DaemonProcess.start(config, apiPort, dir)) {
            second.await("the path series is observed again", WAIT,
                    () -> samples(second, "connect_time") > 0 || samples(second, "reachable") > 0);
            JsonNode connect = second.series("connect_time").orElseThrow();
            assertThat(connect.get("confidence").asText()).as("restored at once, not relearning")
                    .isEqualTo(confidenceBefore);
            long reachableAtStart = second.samples("reachable");
            second.await("three more probes while still unreachable", WAIT,
                    () -> samples(second, "reachable") >= reachableAtStart + 3);
            try (Listener reopened = new Listener(port)) {
                second.await("resolved", WAIT, () -> !unreachable(signals, "resolved").isEmpty());
            }
            assertThat(second.stop()).isZero();
        }
        List<Signal> journaled = journal(journal);
        Set<String> firingIds = journaled.stream().filter(s -> s.kind() == SignalKind.UNREACHABLE && s.firing())
                .map(Signal::id).collect(Collectors.toSet());
        assertThat(journaled.stream().filter(s -> s.kind() == SignalKind.UNREACHABLE && s.firing()).count())
                .as("one firing in the journal, not re-fired after the restart").isEqualTo(1);
        assertThat(journaled.stream().filter(s -> s.kind() == SignalKind.UNREACHABLE && !s.firing()).count()).isEqualTo(1);
        assertThat(unreachable(signals, "firing")).extracting(Signal::id).containsOnlyElementsOf(firingIds);
        assertThat(journaled.stream().map(Signal::id).distinct().count()).isEqualTo(journaled.size());
    }

    private static long samples(DaemonProcess d, String check) {
        try {
            return d.samples(check);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void sighupAddsRemovesAndKeepsBaselines(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        try (Listener a = new Listener(0); Listener b = new Listener(0)) {
            Path config = dir.resolve("watchtower.conf");
            Files.writeString(config, config(dir, apiPort, pathTower("keep", a.port()) + "\n" + pathTower("drop", b.port())));
            try (DaemonProcess daemon = DaemonProcess.start(config, apiPort, dir, HUP_DEFAULT)) {
                daemon.await("series past warm-up", WAIT, () -> ready(daemon, "connect_time"));
                long keptSamples = towerSamples(daemon, "keep");
                Files.writeString(config, config(dir, apiPort, pathTower("keep", a.port()) + "\n" + pathTower("added", b.port())));
                daemon.signal("HUP");
                daemon.await("the added tower probes", WAIT, () -> towerSamples(daemon, "added") > 0);
                assertThat(towerSamples(daemon, "drop")).as("removed tower's series are gone").isZero();
                assertThat(towerSamples(daemon, "keep")).as("untouched series keep their baselines")
                        .isGreaterThanOrEqualTo(keptSamples);

                Files.writeString(config, "watchtower { no-such-key = 1 }");
                daemon.signal("HUP");
                daemon.await("the bad reload is reported", WAIT,
                        () -> daemon.log().contains("configuration not reloaded"));
                assertThat(daemon.ready()).as("still running the old configuration").isTrue();
                assertThat(daemon.stop()).isZero();
                assertThat(daemon.log()).doesNotContain("SIGHUP is ignored");
            }
        }
    }

    /**
     * Token rotation, the common case: the token's file is rewritten and the daemon gets SIGHUP;
     * the new token is let in and the old one out. A reload that moves the fleet registry is refused
     * whole, the key named in the log, and the rotated token stays the one in force.
     */
    @Test
    void sighupRotatesAnApiTokenAndRefusesARegistryMoveNamingTheKey(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        Path token = dir.resolve("ops.token");
        writeToken(token, "first-token-0123456789abcdef");
        String api = "  api.tokens = [ { name = ops, scope = admin, file = \"" + token + "\" } ]\n";
        Path config = dir.resolve("watchtower.conf");
        Files.writeString(config, config(dir, apiPort, "").replace("  channels =", api + "  channels ="));
        try (DaemonProcess daemon = DaemonProcess.start(config, apiPort, dir, HUP_DEFAULT)) {
            assertThat(status(apiPort, "first-token-0123456789abcdef")).isEqualTo(200);
            assertThat(status(apiPort, "second-token-0123456789abcdef")).isEqualTo(401);

            writeToken(token, "second-token-0123456789abcdef");
            daemon.signal("HUP");
            daemon.await("the rotated token is let in", WAIT,
                    () -> status(apiPort, "second-token-0123456789abcdef") == 200);
            assertThat(status(apiPort, "first-token-0123456789abcdef")).as("the old token is out").isEqualTo(401);

            Files.writeString(config, config(dir, apiPort, "").replace("  channels =", api
                    + "  registry.postgres.url = \"jdbc:postgresql://127.0.0.1:" + Ports.free() + "/registry\"\n"
                    + "  channels ="));
            daemon.signal("HUP");
            daemon.await("the registry move is refused", WAIT,
                    () -> daemon.log().contains("configuration not reloaded"));
            assertThat(daemon.log()).contains("watchtower.registry.postgres: was added: this takes effect only on a "
                    + "restart, so nothing was reloaded and the running configuration stays in force");
            assertThat(status(apiPort, "second-token-0123456789abcdef")).isEqualTo(200);
            assertThat(daemon.stop()).isZero();
        }
    }

    private static void writeToken(Path file, String secret) throws IOException {
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static int status(int apiPort, String token) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + apiPort + "/api/v1/towers"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void startedUnderNohupItWarnsThatReloadBySighupWillNotWork(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        try (Listener a = new Listener(0)) {
            Path config = dir.resolve("watchtower.conf");
            Files.writeString(config, config(dir, apiPort, pathTower("only", a.port())));
            try (DaemonProcess daemon = DaemonProcess.start(config, apiPort, dir, List.of("nohup"))) {
                daemon.await("the warning about SIGHUP", WAIT,
                        () -> daemon.log().contains("SIGHUP is ignored in this process (started under nohup?): "
                                + "reloading the configuration with SIGHUP will not work"));
                daemon.signal("HUP");
                assertThat(daemon.ready()).as("an ignored SIGHUP neither stops nor reloads it").isTrue();
                assertThat(daemon.stop()).isZero();
                assertThat(daemon.log()).doesNotContain("SIGHUP: reloading");
            }
        }
    }

    private static long towerSamples(DaemonProcess daemon, String tower) {
        try {
            JsonNode body = SignalJson.mapper().readTree(daemon.get("/api/v1/baselines").body());
            long max = 0;
            for (JsonNode s : body.get("series")) {
                if (s.get("tower").asText().equals(tower) && s.get("check").asText().equals("connect_time")) {
                    max = Math.max(max, s.path("samples").asLong());
                }
            }
            return max;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Past warm-up: PARTIAL (global level known) or READY (a week of seasonal profile) both judge. */
    private static boolean judging(String confidence) {
        return confidence.equals("partial") || confidence.equals("ready");
    }

    private static boolean ready(DaemonProcess daemon, String check) {
        try {
            return daemon.series(check).map(s -> judging(s.path("confidence").asText())).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Signal> journal(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).peek(SignalSchema::assertValid)
                .map(SignalJson::read).collect(Collectors.toList());
    }
}
