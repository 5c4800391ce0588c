package io.watchtower.runtime.probe;

import io.watchtower.spi.ProbeDeadline;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A probe's deadline: the probe's start on the tower clock plus its timeout for display, and the
 * same budget on a monotonic nanosecond source for the time left, the source the core waits on.
 */
public final class MonotonicDeadline implements ProbeDeadline {

    private final Instant at;
    private final long deadlineNanos;
    private final LongSupplier nanoTime;

    /**
     * @param start the probe's start on the tower clock
     * @param budget how long the probe may take
     * @param nanoTime the monotonic source the core waits on
     */
    public MonotonicDeadline(Instant start, Duration budget, LongSupplier nanoTime) {
        this.at = start.plus(budget);
        this.nanoTime = nanoTime;
        this.deadlineNanos = nanoTime.getAsLong() + budget.toNanos();
    }

    /**
     * @param start the probe's start
     * @param budget how long the probe may take
     * @return a deadline measured on {@link System#nanoTime()}, as the core's wait for the probe is
     */
    public static MonotonicDeadline real(Instant start, Duration budget) {
        return new MonotonicDeadline(start, budget, System::nanoTime);
    }

    @Override
    public Instant at() {
        return at;
    }

    @Override
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - nanoTime.getAsLong()));
    }

    @Override
    public String toString() {
        return "deadline " + at + " (" + remaining().toMillis() + " ms left)";
    }
}
