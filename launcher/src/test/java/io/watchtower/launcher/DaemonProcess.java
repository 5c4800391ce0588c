package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.Await;
import io.watchtower.testkit.SignalSchema;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real daemon in its own JVM, started with {@code watchtower run -c FILE}, for process-level tests. */
final class DaemonProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * A test daemon's JVM: a test-sized heap, and the systemd unit's collector and compiler
     * (serial, C1 only), which also start a JVM with less CPU on a busy machine.
     */
    static final List<String> DEFAULT_JVM = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData");
    /**
     * How long a daemon may take to be ready: starting a JVM on a machine busy with other builds
     * can take many seconds, and no test here measures it.
     */
    static final Duration START = Duration.ofSeconds(120);

    private final Process process;
    private final Path log;
    private final int apiPort;

    private DaemonProcess(Process process, Path log, int apiPort) {
        this.process = process;
        this.log = log;
        this.apiPort = apiPort;
    }

    static DaemonProcess start(Path config, int apiPort, Path dir) throws IOException {
        return start(config, apiPort, dir, List.of());
    }

    /**
     * @param launcher a command the JVM is started through, such as {@code nohup}; empty for none
     */
    static DaemonProcess start(Path config, int apiPort, Path dir, List<String> launcher) throws IOException {
        return start(config, apiPort, dir, launcher, DEFAULT_JVM);
    }

    /**
     * @param launcher a command the JVM is started through, such as {@code nohup}; empty for none
     * @param jvmOptions the daemon JVM's options, such as the systemd unit's heap limits
     */
    static DaemonProcess start(Path config, int apiPort, Path dir, List<String> launcher, List<String> jvmOptions)
            throws IOException {
        return start(config, apiPort, dir, launcher, jvmOptions, List.of());
    }

    /**
     * @param launcher a command the JVM is started through, such as {@code nohup}; empty for none
     * @param jvmOptions the daemon JVM's options, such as the systemd unit's heap limits
     * @param classPath entries added to the test class path, such as a folder registering a tower type
     */
    static DaemonProcess start(Path config, int apiPort, Path dir, List<String> launcher, List<String> jvmOptions,
                               List<Path> classPath) throws IOException {
        return start(config, apiPort, dir, launcher, jvmOptions, classPath, List.of(Main.class.getName()));
    }

    /**
     * @param launcher a command the JVM is started through, such as {@code nohup}; empty for none
     * @param jvmOptions the daemon JVM's options, such as the systemd unit's heap limits
     * @param classPath entries added to the test class path, such as a folder registering a tower type
     * @param main the main class and its first arguments, before {@code run -c FILE}
     */
    static DaemonProcess start(Path config, int apiPort, Path dir, List<String> launcher, List<String> jvmOptions,
                               List<Path> classPath, List<String> main) throws IOException {
        StringBuilder path = new StringBuilder(System.getProperty("java.class.path"));
        classPath.forEach(p -> path.append(java.io.File.pathSeparator).append(p));
        Path log = Files.createTempFile(dir, "daemon-", ".log");
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", path.toString()));
        command.addAll(main);
        command.addAll(List.of("run", "-c", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        DaemonProcess daemon = new DaemonProcess(builder.start(), log, apiPort);
        try {
            daemon.await("the daemon is ready", START, daemon::ready);
        } catch (AssertionError notReady) {
            // the caller never gets it to close: a daemon left running would outlive the test JVM
            try {
                daemon.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw notReady;
        }
        return daemon;
    }

    /** @return whether the process is still running */
    boolean alive() {
        return process.isAlive();
    }

    boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("daemon exited with " + process.exitValue() + ":\n" + log());
        }
        try {
            return get("/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** @return the series with this check, from /api/v1/baselines */
    Optional<JsonNode> series(String check) throws IOException {
        JsonNode body = SignalJson.mapper().readTree(get("/api/v1/baselines").body());
        for (JsonNode s : body.get("series")) {
            if (s.get("check").asText().equals(check)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    long samples(String check) throws IOException {
        return series(check).map(s -> s.path("samples").asLong(0)).orElse(0L);
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /**
     * @return the exit code once the process has ended by itself
     * @throws AssertionError when it still runs after {@code timeout}
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the daemon still runs after " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    int stop() throws IOException, InterruptedException {
        signal("TERM");
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("daemon did not stop within 20 s of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * @param text part of a log message
     * @return the timestamp of the first log line whose message contains {@code text}: when the
     *         daemon did something, as it logged it, however late a test polling it looks
     */
    Optional<java.time.Instant> loggedAt(String text) {
        for (String line : log().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = SignalJson.mapper().readTree(line);
                if (node.path("message").asText().contains(text)) {
                    return Optional.of(java.time.OffsetDateTime.parse(node.get("timestamp").asText()).toInstant());
                }
            } catch (IOException notJson) {
                // a line the JVM itself printed
            }
        }
        return Optional.empty();
    }

    void await(String what, Duration timeout, BooleanSupplier condition) {
        try {
            Await.until(what, timeout, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; daemon log:\n" + log(), e);
        }
    }

    /** Reads a file channel's signals, validating each against the schema. */
    static List<Signal> signals(Path file) {
        List<Signal> signals = new ArrayList<>();
        if (!Files.exists(file)) {
            return signals;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    SignalSchema.assertValid(line);
                    signals.add(SignalJson.read(line));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return signals;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
