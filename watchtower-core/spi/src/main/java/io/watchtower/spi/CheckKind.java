package io.watchtower.spi;

/** How the core judges a check's series. */
public enum CheckKind {
    /** A numeric reading judged against its robust, seasonal baseline. */
    GAUGE,
    /** Failures out of attempts, judged as a rate. */
    RATIO,
    /** A categorical value, judged on change against a long-stable value. */
    STATE,
    /**
     * A monotonically increasing total (requests served, keys evicted): the core turns two readings
     * into a rate per second and judges the rate like a gauge. A total that goes down was reset
     * (the server restarted, its statistics were cleared): that reading is a gap and the next rate
     * starts from it. A {@link Check#signed() signed} counter is a level that rises and falls (a
     * queue's length): its change per second is judged, negative while it falls. Since SPI version 2.
     */
    COUNTER
}
