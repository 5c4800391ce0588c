package io.watchtower.runtime.time;

import io.watchtower.spi.TowerClock;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves (the runtime cannot use the test kit's FakeClock: the kit depends on it). */
public final class TestClock implements TowerClock {

    private volatile Instant now;
    private volatile long monotonicNanos;

    public TestClock(Instant start) {
        this.now = start;
        this.monotonicNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
        monotonicNanos += d.toNanos();
    }

    /** Steps the wall clock alone (an NTP correction, {@code date -s}): the monotonic reading does not move. */
    public void stepWall(Duration step) {
        now = now.plus(step);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public long nanoTime() {
        return monotonicNanos;
    }
}
