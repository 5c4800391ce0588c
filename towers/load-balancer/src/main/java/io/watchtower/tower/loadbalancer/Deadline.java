package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.TowerClock;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The one deadline of an exchange, on the tower's clock. Every blocking step (resolution, connect,
 * each read) waits at most the time left, so the steps together cannot outlast it.
 */
final class Deadline {

    private final TowerClock clock;
    private final long end;
    private final Duration budget;

    /**
     * @param clock the tower's clock
     * @param start {@code clock.nanoTime()} when the exchange started
     * @param budget the whole exchange's time
     */
    Deadline(TowerClock clock, long start, Duration budget) {
        this.clock = clock;
        this.end = start + budget.toNanos();
        this.budget = budget;
    }

    /** @return nanoseconds left; zero or less once the deadline has passed */
    long nanosLeft() {
        return end - clock.nanoTime();
    }

    /**
     * The time left as a socket timeout.
     *
     * @return whole milliseconds left, rounded up and at least 1 (a socket reads 0 as "wait forever")
     * @throws SocketTimeoutException when the deadline has passed
     */
    int millisLeft() throws SocketTimeoutException {
        long left = nanosLeft();
        if (left <= 0) {
            throw new SocketTimeoutException("the deadline of " + budget.toMillis() + " ms has passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
    }

    /** @return the whole exchange's time */
    Duration budget() {
        return budget;
    }
}
