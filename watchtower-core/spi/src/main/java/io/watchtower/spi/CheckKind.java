package io.watchtower.spi;

/** How the core judges a check's series. */
public enum CheckKind {
    /** A numeric reading judged against its robust, seasonal baseline. */
    GAUGE,
    /** Failures out of attempts, judged as a rate. */
    RATIO,
    /** A categorical value, judged on change against a long-stable value. */
    STATE
}
