package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

    @Test
    void aSustainedTwoSigmaShiftIsSignalledWithinAboutLimitOverExcessObservations() {
        ChangeDetector cusum = new ChangeDetector(1.0, 8.0, 4.0);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 5000; i++) {
            cusum.update(EwmaLevelTest.gaussian(random));
            assertThat(cusum.alarm()).as("no alarm on unit noise, observation %d", i).isFalse();
        }
        int after = -1;
        for (int i = 0; i < 100 && after < 0; i++) {
            cusum.update(2.5 + EwmaLevelTest.gaussian(random));
            if (cusum.alarm()) {
                after = i + 1;
            }
        }
        assertThat(after).isBetween(2, 20);
        assertThat(cusum.upward()).isGreaterThan(1);
        assertThat(cusum.downward()).isZero();
    }

    @Test
    void isolatedAbsurdValuesNeverAlarm() {
        ChangeDetector cusum = new ChangeDetector(1.0, 8.0, 4.0);
        for (int i = 0; i < 1000; i++) {
            cusum.update(i % 10 == 0 ? 1e9 : 0);
            assertThat(cusum.alarm()).isFalse();
        }
    }

    @Test
    void theAlarmEndsSoonAfterTheShiftDoes() {
        ChangeDetector cusum = new ChangeDetector(1.0, 8.0, 4.0);
        for (int i = 0; i < 500; i++) {
            cusum.update(3);
        }
        int quiet = 0;
        while (cusum.alarm()) {
            cusum.update(0);
            quiet++;
        }
        assertThat(quiet).isLessThanOrEqualTo(5);
    }
}
