package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Configurations and helpers shared by the registry and API tests. */
final class RegistryFixtures {

    private RegistryFixtures() {
    }

    /** A daemon configuration with a file channel, 1 s heartbeats and baselines, and the given extra blocks. */
    static String config(Path dir, String host, int apiPort, String registry, String towers) {
        return "watchtower {\n"
                + "  host = \"" + host + "\"\n"
                + "  state-dir = \"" + dir.resolve(host + "-state") + "\"\n"
                + "  api.listen = \"127.0.0.1:" + apiPort + "\"\n"
                + "  baseline.warm-up = 5\n"
                + "  snapshot-interval = 1s\n"
                + "  shutdown-timeout = 3s\n"
                + "  escalation.group-wait = 1s\n"
                + "  channels = [ { type = file, path = \"" + dir.resolve(host + "-signals.jsonl") + "\" } ]\n"
                + "  registry { heartbeat-interval = 1s, baseline-interval = 1s\n" + registry + "\n  }\n"
                + "  towers {\n" + towers + "\n  }\n"
                + "}\n";
    }

    static String postgres(String url) {
        return "    postgres { url = \"" + url + "\", user = postgres }";
    }

    static String pathTower(String id, String component, int port) {
        return "    " + id + " { type = network-path, component = " + component
                + ", interval = 1s, jitter = 0, backoff.max = 1s, targets = [\"127.0.0.1:" + port + "\"] }";
    }

    /** Runs {@code watchtower query ...} in this JVM. @return exit code and what it printed */
    static String[] query(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        synchronized (RegistryFixtures.class) {
            try {
                System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
                String[] full = new String[args.length + 1];
                full[0] = "query";
                System.arraycopy(args, 0, full, 1, args.length);
                code = Main.execute(full);
            } finally {
                System.setOut(out);
                System.setErr(err);
            }
        }
        return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    static JsonNode json(String text) {
        try {
            return SignalJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static List<Signal> blindSpots(Path signals, String state) {
        return DaemonProcess.signals(signals).stream()
                .filter(s -> s.kind() == SignalKind.BLIND_SPOT && s.check().equals("heartbeat") && s.state().wireName().equals(state))
                .collect(Collectors.toList());
    }

    static boolean leader(DaemonProcess d) {
        try {
            return d.get("/metrics").body().lines().anyMatch(l -> l.startsWith("watchtower_blind_spot_leader 1"));
        } catch (IOException e) {
            return false;
        }
    }
}
