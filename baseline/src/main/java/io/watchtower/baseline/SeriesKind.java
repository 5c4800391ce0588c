package io.watchtower.baseline;

/** How a series' values are modelled. */
public enum SeriesKind {
    /** Numeric readings: robust level and spread. */
    GAUGE,
    /** Failures out of attempts: a rate. */
    RATIO,
    /** Categorical values: change against a long-stable value. */
    STATE
}
