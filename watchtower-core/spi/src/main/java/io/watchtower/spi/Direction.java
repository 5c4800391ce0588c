package io.watchtower.spi;

/** Which deviation of a check is bad. */
public enum Direction {
    /** Higher than usual is bad (latency, lag, errors). */
    HIGHER,
    /** Lower than usual is bad (throughput, free space, hit ratio). */
    LOWER,
    /** Any deviation is bad. */
    BOTH
}
