package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HysteresisTest {

    @Test
    void firesOnKOfNAndResolvesAfterAGoodStreak() {
        Hysteresis h = new Hysteresis(3, 5, 2);
        assertThat(h.step(1, Cause.ANOMALY)).isEqualTo(Transition.NONE);
        assertThat(h.step(2, Cause.NONE)).isEqualTo(Transition.NONE);
        assertThat(h.step(3, Cause.ANOMALY)).isEqualTo(Transition.NONE);
        assertThat(h.step(4, Cause.ANOMALY)).isEqualTo(Transition.FIRED);
        assertThat(h.since()).isEqualTo(1);
        assertThat(h.firingCause()).isEqualTo(Cause.ANOMALY);
        assertThat(h.step(5, Cause.NONE)).isEqualTo(Transition.NONE);
        assertThat(h.step(6, Cause.NONE)).isEqualTo(Transition.RESOLVED);
        assertThat(h.firing()).isFalse();
        assertThat(h.since()).isEqualTo(-1);
    }

    @Test
    void scatteredBadObservationsDoNotFire() {
        Hysteresis h = new Hysteresis(3, 5, 2);
        for (int i = 0; i < 100; i++) {
            assertThat(h.step(i, i % 3 == 0 ? Cause.ANOMALY : Cause.NONE)).isEqualTo(Transition.NONE);
        }
    }

    @Test
    void repeatedFiringAndResolvingIsFlapping() {
        Hysteresis h = new Hysteresis(1, 1, 1);
        for (int i = 0; i < 10; i++) {
            h.step(2L * i, Cause.ANOMALY);
            h.step(2L * i + 1, Cause.NONE);
        }
        assertThat(h.flapping()).isTrue();
        for (int i = 0; i < 200; i++) {
            h.step(100 + i, Cause.NONE);
        }
        assertThat(h.flapping()).isFalse();
    }

    @Test
    void restoreFiringReconcilesWithAnExternalRecord() {
        Hysteresis h = new Hysteresis(3, 5, 1);
        h.restoreFiring(42, Cause.THRESHOLD);
        assertThat(h.firing()).isTrue();
        assertThat(h.since()).isEqualTo(42);
        assertThat(h.step(50, Cause.NONE)).isEqualTo(Transition.RESOLVED);
    }
}
