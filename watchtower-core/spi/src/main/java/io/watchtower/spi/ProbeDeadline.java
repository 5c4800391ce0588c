package io.watchtower.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * When the core stops waiting for one probe: the probe's start plus the tower's {@code timeout}.
 * The core interrupts the tower's thread at that moment, so a tower sizes its own socket, query
 * and request timeouts from {@link #remaining()} instead of from a formula of its own. Since SPI
 * version 2.
 *
 * <p>The time left is measured on a monotonic clock: a wall clock that jumps does not shorten or
 * lengthen a probe.
 */
public interface ProbeDeadline {

    /** @return the wall-clock instant the probe ends at, for logs and {@code watchtower probe} */
    Instant at();

    /** @return the time left before the deadline, never negative */
    Duration remaining();

    /** @return whether the deadline has passed */
    default boolean passed() {
        return remaining().isZero();
    }

    /**
     * An even share of the time left, for a tower that looks at several things in turn: with three
     * servers still to look at, {@code share(3)} bounds the next one so that the other two keep
     * their time.
     *
     * @param parts how many things are still to be done, at least 1
     * @return the time left divided by {@code parts}
     */
    default Duration share(int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        return remaining().dividedBy(parts);
    }

    /**
     * The timeout for the next of several things: {@link #share(int) an even share} of the time
     * left, or {@code atMost} when that is shorter, and never zero (at least 1 ms), so a client
     * given it still fails fast rather than waiting without a bound.
     *
     * @param parts how many things are still to be done; fewer than 1 counts as 1
     * @param atMost a configured bound, or null for none
     * @return the timeout to give the next one
     */
    default Duration share(int parts, Duration atMost) {
        Duration share = share(Math.max(1, parts));
        Duration timeout = atMost != null && atMost.compareTo(share) < 0 ? atMost : share;
        return timeout.isZero() ? Duration.ofMillis(1) : timeout;
    }
}
