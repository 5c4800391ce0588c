package io.watchtower.runtime.signal;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The transition a signal reports; its wire name is the {@code state} of schema v1. */
public enum SignalState {
    /** The series started firing. */
    FIRING,
    /** The series is back to normal. */
    RESOLVED,
    /**
     * The firing ended because its series stopped receiving observations while its tower still
     * probes: the firing is over, not resolved.
     */
    STALE;

    /** @return the name on the wire: {@code firing}, {@code resolved} or {@code stale} */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param firing whether the transition starts a firing
     * @return {@link #FIRING} or {@link #RESOLVED}
     */
    public static SignalState of(boolean firing) {
        return firing ? FIRING : RESOLVED;
    }

    /**
     * @param wire a wire name
     * @return the state
     * @throws IllegalArgumentException when it is no state
     */
    public static SignalState of(String wire) {
        for (SignalState s : values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a signal state: " + wire);
    }
}
