package io.watchtower.spi;

import java.time.Instant;

/**
 * Time as a value. Towers read time only through this, so tests and replays run days of simulated
 * time in milliseconds.
 */
public interface TowerClock {

    /** @return the current wall-clock instant */
    Instant now();

    /** @return a monotonic reading in nanoseconds, for measuring durations */
    long nanoTime();

    /** @return the system clock */
    static TowerClock system() {
        return SystemTowerClock.INSTANCE;
    }
}
