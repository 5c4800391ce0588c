package io.watchtower.runtime.signal;

import io.watchtower.spi.Severity;

import java.util.List;
import java.util.Map;

/** Signals for tests of the runtime, validated against docs/signal-v1.schema.json through {@code WireSchema}. */
public final class TestSignals {

    private TestSignals() {
    }

    /** @param signal a signal @throws AssertionError when it violates the schema */
    public static void assertValid(Signal signal) {
        io.watchtower.runtime.signal.WireSchema.assertValid(SignalJson.write(signal));
    }

    /** @param check a check name @return a valid firing anomaly signal of that check */
    public static Signal firing(String check) {
        String fingerprint = "0123456789abcdef";
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, "firing", check.hashCode()), fingerprint,
                new Signal.TowerRef("t", "network-path", "h", "0.1.0"), "app", "127.0.0.1:1", check, SignalKind.ANOMALY,
                SignalState.FIRING, Severity.MEDIUM, 12.0, null, null, "milliseconds",
                new Signal.BaselineRef(1.0, 0.5, 1.5, "rolling-median-mad", 30, "partial", "global", null), 0.9,
                "2026-01-05T00:00:00Z", "2026-01-05T00:00:10Z", "Connect time is high", List.of(), Map.of(), List.of(),
                "", Map.of(), false);
    }
}
