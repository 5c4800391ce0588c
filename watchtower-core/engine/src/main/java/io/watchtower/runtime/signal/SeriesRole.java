package io.watchtower.runtime.signal;

/** What a series stands for, which decides the kind of signal it raises. */
public enum SeriesRole {
    /** A declared check of the tower. */
    CHECK,
    /** Whether a target could be reached: raises {@code unreachable}. */
    REACHABILITY,
    /** Whether the tower itself could probe: raises {@code blind-spot}. */
    PROBE
}
