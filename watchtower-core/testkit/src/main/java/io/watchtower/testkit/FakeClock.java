package io.watchtower.testkit;

import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.spi.TowerClock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the test advances. {@link #now()} is purely simulated: it moves only when the test calls
 * {@link #advance(Duration)} or {@link #stepWallClock(Duration)}. {@link #nanoTime()} is the real
 * monotonic clock plus every simulated advance, so durations a tower measures within one probe are
 * real (a real connect still takes real time) while days of simulated time pass in milliseconds.
 *
 * <p>A clock made with {@link #virtual(Instant)} has a purely simulated monotonic reading too, for
 * driving a whole daemon on its {@link #scheduler()}: then deadlines measured on the monotonic
 * clock (group-wait, repeats) fall exactly where virtual time says, however long the run takes.
 */
public final class FakeClock implements TowerClock {

    private final AtomicLong epochNanos;
    private final AtomicLong advancedNanos = new AtomicLong();
    private final boolean realMonotonic;

    /** @param start the simulated start instant */
    public FakeClock(Instant start) {
        this(start, true);
    }

    private FakeClock(Instant start, boolean realMonotonic) {
        this.epochNanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
        this.realMonotonic = realMonotonic;
    }

    /**
     * A clock whose monotonic reading moves only with simulated time, for a daemon driven in
     * virtual time: a probe's measured duration then reads zero.
     *
     * @param start the simulated start instant
     * @return the clock
     */
    public static FakeClock virtual(Instant start) {
        return new FakeClock(start, false);
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

    /**
     * A scheduler in virtual time that moves this clock: hand both to
     * {@code Daemon.start(config, catalog, clock, scheduler, environment)} and the whole daemon
     * (probes, judgement, escalation, delivery retries, registry heartbeats, snapshots) lives
     * through simulated days as fast as its work runs.
     *
     * @return a new scheduler paired with this clock
     */
    public VirtualScheduler scheduler() {
        return new VirtualScheduler(this::advance);
    }

    @Override
    public Instant now() {
        long n = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public long nanoTime() {
        return (realMonotonic ? System.nanoTime() : 0) + advancedNanos.get();
    }
}
