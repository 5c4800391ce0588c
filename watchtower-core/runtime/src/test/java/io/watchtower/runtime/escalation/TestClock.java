package io.watchtower.runtime.escalation;

import io.watchtower.spi.TowerClock;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves (the runtime cannot use the test kit's FakeClock: the kit depends on it). */
public final class TestClock implements TowerClock {

    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public long nanoTime() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
