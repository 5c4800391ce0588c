package io.watchtower.baseline;

import java.util.Locale;

/** How much a series' baseline can be trusted. Carried on every verdict. */
public enum Confidence {
    /** Too few observations: only static guardrails can fire. */
    LEARNING,
    /** The global level is known, the seasonal profile is still thin. */
    PARTIAL,
    /** Enough history to judge. */
    READY;

    /** @return the lower-case wire name */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
