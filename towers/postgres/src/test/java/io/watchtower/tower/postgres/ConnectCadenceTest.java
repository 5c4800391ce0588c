package io.watchtower.tower.postgres;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which probes time a new session. */
class ConnectCadenceTest {

    private static List<Integer> timed(ConnectCadence cadence, int probes) {
        List<Integer> timed = new ArrayList<>();
        for (int i = 1; i <= probes; i++) {
            if (cadence.next()) {
                timed.add(i);
            }
        }
        return timed;
    }

    @Test
    void theIntervalIsCountedInProbesRoundedUpAndNeverMoreThanThreeApart() {
        assertThat(ConnectCadence.of(Duration.ofMinutes(1), Duration.ofSeconds(30)).every()).isEqualTo(2);
        assertThat(ConnectCadence.of(Duration.ofSeconds(45), Duration.ofSeconds(30)).every()).isEqualTo(2);
        assertThat(ConnectCadence.of(Duration.ofMinutes(1), Duration.ofMinutes(1)).every()).isEqualTo(1);
        assertThat(ConnectCadence.of(Duration.ofMinutes(1), Duration.ofMinutes(5)).every()).isEqualTo(1);
        assertThat(ConnectCadence.of(Duration.ZERO, Duration.ofSeconds(15)).every()).isEqualTo(1);
        // a minute is four probes of 15 s: the series would be stale after three
        assertThat(ConnectCadence.of(Duration.ofMinutes(1), Duration.ofSeconds(15)).every())
                .isEqualTo(ConnectCadence.MAX_PROBES_APART);
        assertThat(ConnectCadence.of(Duration.ofHours(1), Duration.ofSeconds(1)).every())
                .isEqualTo(ConnectCadence.MAX_PROBES_APART);
        assertThatThrownBy(() -> new ConnectCadence(4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstProbeTimesASessionThenEveryNth() {
        assertThat(timed(new ConnectCadence(3), 10)).containsExactly(1, 4, 7, 10);
        assertThat(timed(new ConnectCadence(2), 6)).containsExactly(1, 3, 5);
        assertThat(timed(new ConnectCadence(1), 4)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aFailureMakesTheNextProbeTimeASessionAgainUntilOneSucceeds() {
        ConnectCadence cadence = new ConnectCadence(3);
        assertThat(cadence.next()).isTrue();
        assertThat(cadence.next()).isFalse();
        cadence.again(); // the pooled session lost the server
        assertThat(cadence.next()).isTrue();
        cadence.again(); // the login was refused
        assertThat(cadence.next()).isTrue();
        // succeeded: back to every third probe
        assertThat(timed(cadence, 6)).containsExactly(3, 6);
    }
}
