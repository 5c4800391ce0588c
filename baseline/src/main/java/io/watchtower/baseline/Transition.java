package io.watchtower.baseline;

/** What an observation did to a series' alert state. */
public enum Transition {
    /** No change. */
    NONE,
    /** The series started firing with this observation. */
    FIRED,
    /** The series stopped firing with this observation. */
    RESOLVED
}
