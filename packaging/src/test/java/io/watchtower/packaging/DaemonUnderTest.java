package io.watchtower.packaging;

import io.watchtower.runtime.time.Await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** `watchtower run` started from an installation, as an operator (or systemd) would start it. */
final class DaemonUnderTest implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private DaemonUnderTest(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * @param argv the command line (for example bin/watchtower run -c FILE)
     * @param env extra environment
     * @param port the API port the configuration listens on
     */
    static DaemonUnderTest start(List<String> argv, Map<String, String> env, int port, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new DaemonUnderTest(builder.start(), log, port);
    }

    /**
     * Writes a configuration for one network-path tower watching the daemon's own API port every second.
     *
     * @param dir where the file and the state dir go
     * @param port the API port
     * @return the file
     * @throws IOException if it cannot be written
     */
    static Path selfWatchingConfig(Path dir, int port) throws IOException {
        return Files.writeString(dir.resolve("watchtower.conf"), """
                watchtower {
                  state-dir = "%s"
                  api.listen = "127.0.0.1:%d"
                  towers.self { type = network-path, component = api, interval = 1s, targets = ["127.0.0.1:%d"] }
                }
                """.formatted(dir.resolve("state"), port, port));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    void awaitReady(Duration timeout) {
        await("/ready answers 200", timeout, () -> status("/ready") == 200);
    }

    void await(String what, Duration timeout, BooleanSupplier condition) {
        try {
            Await.until(what, timeout, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("daemon exited with " + process.exitValue() + " before " + what);
                }
                return condition.getAsBoolean();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; log:\n" + log(), e);
        }
    }

    void signal(String name) throws IOException, InterruptedException {
        Command.run(Duration.ofSeconds(10), "kill", "-" + name, Long.toString(process.pid())).ok();
    }

    /** Sends SIGTERM and waits for the exit code. */
    int terminate(Duration timeout) throws IOException, InterruptedException {
        signal("TERM");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("daemon still running " + timeout + " after SIGTERM:\n" + log());
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

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
