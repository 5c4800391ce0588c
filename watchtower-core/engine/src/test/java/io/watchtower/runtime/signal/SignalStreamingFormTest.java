package io.watchtower.runtime.signal;

import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming writer and reader of signals give the same bytes and the same signals as the object
 * mapper that wrote and read them before ({@link SignalJson#mapper()}, kept for the command line):
 * every field, nulls where the record has them, and the journal lines written by earlier versions.
 */
class SignalStreamingFormTest {

    private static List<Signal> signals() throws IOException {
        List<Signal> all = new ArrayList<>();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("resolver", "127.0.0.1:53");
        context.put("note", "quote \" backslash \\ tab \t é ✓");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("team", "db");
        labels.put("empty", null);
        all.add(new Signal(Signal.SCHEMA, "id-1", "fp", new Signal.TowerRef("t", "network-path", null, "0.1.0"), "app",
                "127.0.0.1:1", "connect_ms", SignalKind.ANOMALY, SignalState.FIRING, Severity.CRITICAL, 1e-7, "up",
                "down", "milliseconds", new Signal.BaselineRef(1.0, null, 1.5, "rolling-median-mad", 30, "ready",
                "sat-20", "2026-01-05T00:00:00Z"), 0.123456789012345, "2026-01-05T00:00:00Z", "2026-01-05T00:00:10Z",
                "Connect time is high", List.of(new Signal.Recent("2026-01-05T00:00:00Z", 12.5, null),
                        new Signal.Recent("2026-01-05T00:00:15Z", null, "open")), context,
                List.of(new Signal.Related("loss", "127.0.0.1:2", 3.0, null, 0.5)), "https://runbooks/x", labels, true,
                new Signal.Flap(4, 3600, 900), new Signal.Stale("2026-01-05T00:00:00Z", 3, null)));
        all.add(new Signal(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                Double.NaN, null, null, null, null, null, null, null, null, false, null, null));
        all.add(new Signal(Signal.SCHEMA, "id-2", "fp", new Signal.TowerRef(null, null, null, null), "app", null, "c",
                SignalKind.BLIND_SPOT, SignalState.STALE, Severity.LOW, -0.0, null, null, null, null, 1.0, null, null,
                "", List.of(), Map.of(), List.of(), "", Map.of(), false, null, new Signal.Stale(null, 0, "gone")));
        all.add(TestSignals.firing("latency_ms"));
        for (String line : linesWrittenBefore()) {
            all.add(SignalJson.mapper().readValue(line, Signal.class));
        }
        return all;
    }

    private static List<String> linesWrittenBefore() throws IOException {
        try (InputStream in = SignalStreamingFormTest.class.getResourceAsStream("/signals/written-before-enums.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void writesTheBytesTheMapperWrote() throws Exception {
        for (Signal s : signals()) {
            assertThat(SignalWriter.write(s)).isEqualTo(SignalJson.mapper().writeValueAsString(s));
        }
    }

    @Test
    void readsWhatTheMapperRead() throws Exception {
        for (Signal s : signals()) {
            String line = SignalJson.mapper().writeValueAsString(s);
            assertThat(SignalReader.read(line)).isEqualTo(SignalJson.mapper().readValue(line, Signal.class));
        }
        for (String line : linesWrittenBefore()) {
            assertThat(SignalReader.read(line)).isEqualTo(SignalJson.mapper().readValue(line, Signal.class));
        }
    }

    @Test
    void skipsUnknownKeysAndCoercesAsTheMapperDid() throws Exception {
        String line = "{\"schema\":\"watchtower.signal/v1\",\"future\":{\"nested\":[1,{\"a\":null}]},\"id\":7,"
                + "\"observed\":\"2.5\",\"score\":1,\"samples\":3,\"flapping\":null,\"kind\":\"change\",\"extra\":[]}";
        Signal read = SignalReader.read(line);
        assertThat(read).isEqualTo(SignalJson.mapper().readValue(line, Signal.class));
        assertThat(read.id()).isEqualTo("7");
        assertThat(read.observed()).isEqualTo(2.5);
        assertThat(read.kind()).isEqualTo(SignalKind.CHANGE);
    }

    @Test
    void whatIsNotASignalIsRefused() {
        for (String bad : List.of("", "[1]", "{\"kind\":\"nope\"}", "{\"severity\":\"urgent\"}", "{\"id\":",
                "{\"observed\":\"many\"}", "{\"recent\":{}}", "{\"tower\":[]}")) {
            assertThatThrownBy(() -> SignalReader.read(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a signal: ");
        }
    }
}
