package io.watchtower.runtime.api;

import io.watchtower.runtime.time.TestClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    @Test
    void aBurstThenTheSteadyRatePerClient() {
        TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(2, 3, clock);
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isFalse();
        assertThat(limiter.allow("b")).as("each client has its own bucket").isTrue();
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("a")).as("never more than the burst").isFalse();
    }
}
