package io.watchtower.runtime.probe;

import io.watchtower.spi.ProbeDeadline;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule towers size a per-target timeout by: an even share of the time left, bounded, never zero. */
class ProbeDeadlineShareTest {

    private static ProbeDeadline left(Duration remaining) {
        return new ProbeDeadline() {
            @Override
            public Instant at() {
                return Instant.EPOCH.plus(remaining);
            }

            @Override
            public Duration remaining() {
                return remaining;
            }
        };
    }

    @Test
    void theShareIsTheTimeLeftDividedAmongWhatIsStillToDo() {
        assertThat(left(Duration.ofMillis(1800)).share(3, null)).isEqualTo(Duration.ofMillis(600));
        assertThat(left(Duration.ofMillis(1800)).share(3, Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void aShorterConfiguredBoundWins() {
        assertThat(left(Duration.ofMillis(1800)).share(2, Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void noPartsLeftCountsAsOne() {
        assertThat(left(Duration.ofMillis(900)).share(0, null)).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void aSpentDeadlineStillGivesOneMillisecondNotAnUnboundedWait() {
        assertThat(left(Duration.ZERO).share(4, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(1));
        assertThat(left(Duration.ofSeconds(1)).share(1, Duration.ZERO)).isEqualTo(Duration.ofMillis(1));
    }
}
