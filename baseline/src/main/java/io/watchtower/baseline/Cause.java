package io.watchtower.baseline;

import java.util.Locale;

/** Why an observation is bad. */
public enum Cause {
    /** Nothing is wrong. */
    NONE,
    /** The value is unusual compared with the baseline. */
    ANOMALY,
    /** The value crosses a static guardrail. */
    THRESHOLD,
    /** A categorical value changed from its long-stable value. */
    CHANGE;

    /** @return the lower-case wire name, used as the signal kind */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
