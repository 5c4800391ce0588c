package io.watchtower.runtime.api;

/** What a bearer token may do. */
public enum Scope {
    /** Read the API, metrics and the status page. */
    READ,
    /** Everything {@link #READ} may, plus control actions (audited). */
    ADMIN;

    /** @param needed the scope a route needs @return whether this scope grants it */
    public boolean grants(Scope needed) {
        return this == ADMIN || needed == READ;
    }
}
