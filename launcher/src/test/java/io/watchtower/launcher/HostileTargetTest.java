package io.watchtower.launcher;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.fixture.OversizedReplyServer;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A target's bytes never take the process down: the daemon runs with the systemd unit's own JVM
 * options (40 MiB heap) and a postgres tower watches a server that answers
 * the startup packet with an error declaring about 2 GiB. The daemon stays up and healthy, the
 * server is unreachable with the reason, and a second tower keeps probing.
 */
class HostileTargetTest {

    /** The JVM options of the shipped unit's {@code WATCHTOWER_JAVA_OPTS}. */
    static List<String> unitJvmOptions() {
        Path unit = Path.of("..", "systemd", "watchtower.service");
        try {
            Matcher m = Pattern.compile("Environment=\"WATCHTOWER_JAVA_OPTS=([^\"]+)\"").matcher(Files.readString(unit));
            if (!m.find()) {
                throw new AssertionError("no WATCHTOWER_JAVA_OPTS in " + unit.toAbsolutePath());
            }
            return Arrays.asList(m.group(1).strip().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String config(Path dir, int apiPort, int hostilePort, int pathPort) {
        return "watchtower {\n"
                + "  host = \"test-host\"\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  api.listen = \"127.0.0.1:" + apiPort + "\"\n"
                + "  baseline.warm-up = 5\n"
                + "  escalation.group-wait = 0s\n"
                + "  channels = [ { type = file, path = \"" + dir.resolve("signals.jsonl") + "\" } ]\n"
                + "  towers {\n"
                + "    hostile-db { type = postgres, component = db, interval = 2s, timeout = 2s, jitter = 0,"
                + " backoff.max = 2s, user = watchtower, servers = [\"127.0.0.1:" + hostilePort + "\"] }\n"
                + "    path { type = network-path, component = app, interval = 1s, jitter = 0, backoff.max = 1s,"
                + " targets = [\"127.0.0.1:" + pathPort + "\"] }\n"
                + "  }\n"
                + "}\n";
    }

    private static BooleanSupplier alive(DaemonProcess daemon, BooleanSupplier condition) {
        return () -> {
            if (!daemon.alive()) {
                throw new AssertionError("the daemon died:\n" + daemon.log());
            }
            return condition.getAsBoolean();
        };
    }

    @Test
    void aServerDeclaringAHugeReplyIsUnreachableAndTheDaemonWithTheUnitsHeapStaysUp(@TempDir Path dir)
            throws Exception {
        List<String> options = unitJvmOptions();
        assertThat(options).contains("-Xmx40m")
                .as("one impossible allocation must not end the daemon: the heap guard decides")
                .doesNotContain("-XX:+ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError");
        int apiPort = Ports.free();
        Path signals = dir.resolve("signals.jsonl");
        Path config = dir.resolve("watchtower.conf");
        try (OversizedReplyServer hostile = OversizedReplyServer.start(); Listener path = new Listener(0)) {
            Files.writeString(config, config(dir, apiPort, hostile.port(), path.port()));
            try (DaemonProcess daemon = DaemonProcess.start(config, apiPort, dir, List.of(), options)) {
                String target = "127.0.0.1:" + hostile.port();
                daemon.await("the hostile server is unreachable", Duration.ofSeconds(40), alive(daemon,
                        () -> DaemonProcess.signals(signals).stream().anyMatch(
                                s -> s.firing() && s.kind() == SignalKind.UNREACHABLE && s.target().equals(target))));
                int repliesSoFar = hostile.oversizedReplies();
                long pathSamples = daemon.samples("connect_time");
                daemon.await("three more oversized replies", Duration.ofSeconds(40),
                        alive(daemon, () -> hostile.oversizedReplies() >= repliesSoFar + 3));
                daemon.await("the other tower keeps probing", Duration.ofSeconds(60), alive(daemon, () -> {
                    try {
                        return daemon.samples("connect_time") > pathSamples;
                    } catch (IOException e) {
                        return false;
                    }
                }));

                assertThat(daemon.alive()).isTrue();
                assertThat(daemon.get("/health").statusCode()).isEqualTo(200);
                Signal down = DaemonProcess.signals(signals).stream()
                        .filter(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE && s.target().equals(target))
                        .findFirst().orElseThrow();
                assertThat(down.context().get("reason")).contains("reply larger than 1048576 bytes (max-reply-bytes)");
                assertThat(daemon.log()).doesNotContain("OutOfMemoryError");
                assertThat(daemon.stop()).as("exit code after SIGTERM").isZero();
            }
        }
    }
}
