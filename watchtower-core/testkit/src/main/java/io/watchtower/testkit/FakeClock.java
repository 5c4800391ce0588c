package io.watchtower.testkit;

import io.watchtower.spi.TowerClock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the test advances. {@link #now()} is purely simulated: it moves only when the test calls
 * {@link #advance(Duration)} or {@link #stepWallClock(Duration)}. {@link #nanoTime()} is the real
 * monotonic clock plus every simulated advance, so durations a tower measures within one probe are
 * real (a real connect still takes real time) while days of simulated time pass in milliseconds.
 */
public final class FakeClock implements TowerClock {

    private final AtomicLong epochNanos;
    private final AtomicLong advancedNanos = new AtomicLong();

    /** @param start the simulated start instant */
    public FakeClock(Instant start) {
        this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    /** A clock starting at 2026-01-05T00:00:00Z, a Monday. */
    public FakeClock() {
        this(Instant.parse("2026-01-05T00:00:00Z"));
    }

    /**
     * Moves simulated time forward.
     *
     * @param duration how far; not negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + duration);
        }
        epochNanos.addAndGet(duration.toNanos());
        advancedNanos.addAndGet(duration.toNanos());
    }

    /**
     * Steps the wall clock alone, as an NTP correction or an operator's {@code date -s} does: {@link #now()}
     * jumps, {@link #nanoTime()} does not move, so durations measured on the monotonic clock are unaffected.
     *
     * @param step how far, forward (positive) or back (negative)
     */
    public void stepWallClock(Duration step) {
        epochNanos.addAndGet(step.toNanos());
    }

    @Override
    public Instant now() {
        long n = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + advancedNanos.get();
    }
}
