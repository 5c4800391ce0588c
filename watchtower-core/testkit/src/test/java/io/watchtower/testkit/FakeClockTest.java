package io.watchtower.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FakeClockTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void advancingMovesBothClocksSteppingTheWallClockMovesOnlyIt() {
        FakeClock clock = new FakeClock(Instant.parse("2026-01-05T00:00:00Z"));
        long before = clock.nanoTime();
        clock.advance(Duration.ofHours(1));
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-05T01:00:00Z"));
        assertThat(clock.nanoTime() - before).isBetween(3600 * SECOND, 3660 * SECOND);

        long beforeStep = clock.nanoTime();
        clock.stepWallClock(Duration.ofDays(2));
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-07T01:00:00Z"));
        clock.stepWallClock(Duration.ofMinutes(-5));
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-07T00:55:00Z"));
        assertThat(clock.nanoTime() - beforeStep).as("the monotonic clock ignores wall-clock steps")
                .isBetween(0L, 60 * SECOND);
    }
}
