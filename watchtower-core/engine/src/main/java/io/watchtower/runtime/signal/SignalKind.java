package io.watchtower.runtime.signal;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a signal is about; its wire name is the {@code kind} of schema v1. */
public enum SignalKind {
    /** A value unusual against its baseline. */
    ANOMALY,
    /** A value beyond a static guardrail. */
    THRESHOLD,
    /** A categorical value that changed from a long-stable one. */
    CHANGE,
    /** A target the tower cannot reach. */
    UNREACHABLE,
    /** Something nobody watches now: a tower that cannot probe, a stopped heartbeat, lost daemon state. */
    BLIND_SPOT;

    /** @return the name on the wire: {@code anomaly}, {@code blind-spot}, ... */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param wire a wire name
     * @return the kind
     * @throws IllegalArgumentException when it is no kind
     */
    public static SignalKind of(String wire) {
        for (SignalKind k : values()) {
            if (k.wireName().equals(wire)) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a signal kind: " + wire);
    }
}
