package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateTrackingTest {

    private static final DetectorSettings STATE = DetectorSettings.defaults().kind(SeriesKind.STATE).warmUp(5)
            .fireWhen(1, 1).resolveAfter(1);

    @Test
    void aChangeFromTheLongStableValueFiresWithTheOldValueAndSince() {
        SeriesDetector d = new SeriesDetector(STATE);
        for (int i = 0; i < 10; i++) {
            d.observeState(1000 + i, "a,b");
        }
        Verdict changed = d.observeState(2000, "a,c");
        assertThat(changed.cause()).isEqualTo(Cause.CHANGE);
        assertThat(changed.transition()).isEqualTo(Transition.FIRED);
        assertThat(changed.score()).isEqualTo(1.0);
        assertThat(changed.state()).isEqualTo("a,c");
        assertThat(changed.stableState()).isEqualTo("a,b");
        assertThat(changed.stableSince()).isEqualTo(1000);
        Verdict back = d.observeState(2001, "a,b");
        assertThat(back.cause()).isEqualTo(Cause.NONE);
        assertThat(back.transition()).isEqualTo(Transition.RESOLVED);
    }

    @Test
    void aNewValueThatHoldsBecomesTheStableOne() {
        SeriesDetector d = new SeriesDetector(STATE);
        for (int i = 0; i < 10; i++) {
            d.observeState(1000 + i, "a,b");
        }
        Verdict last = null;
        for (int i = 0; i < 5; i++) {
            last = d.observeState(3000 + i, "x");
        }
        assertThat(last.transition()).isEqualTo(Transition.RESOLVED);
        assertThat(last.firing()).isFalse();
        Verdict settled = d.observeState(3005, "x");
        assertThat(settled.cause()).isEqualTo(Cause.NONE);
        assertThat(settled.stableState()).isEqualTo("x");
        assertThat(settled.stableSince()).isEqualTo(3000);
    }

    @Test
    void whileLearningAChangeDoesNotFire() {
        SeriesDetector d = new SeriesDetector(STATE);
        d.observeState(1, "a");
        Verdict v = d.observeState(2, "b");
        assertThat(v.confidence()).isEqualTo(Confidence.LEARNING);
        assertThat(v.cause()).isEqualTo(Cause.NONE);
    }
}
