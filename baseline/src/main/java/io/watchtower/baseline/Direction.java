package io.watchtower.baseline;

/** Which deviation from the expected value counts as bad. */
public enum Direction {
    /** Only higher than expected. */
    HIGHER,
    /** Only lower than expected. */
    LOWER,
    /** Either way. */
    BOTH
}
