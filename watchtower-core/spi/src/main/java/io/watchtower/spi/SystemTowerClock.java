package io.watchtower.spi;

import java.time.Instant;

/** The real clock. */
enum SystemTowerClock implements TowerClock {
    INSTANCE;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
