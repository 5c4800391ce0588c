package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RateModelTest {

    private static final DetectorSettings RATIO = DetectorSettings.defaults().kind(SeriesKind.RATIO);
    private static final long MINUTE = 60_000;

    private static SeriesDetector learnedOneInAThousand(SplittableRandom random) {
        SeriesDetector detector = new SeriesDetector(RATIO);
        for (int i = 0; i < 5000; i++) {
            detector.observeRatio(i * MINUTE, random.nextInt(1000) == 0 ? 1 : 0, 1);
        }
        return detector;
    }

    @Test
    void aRareSingleFailureDoesNotFire() {
        SeriesDetector detector = learnedOneInAThousand(new SplittableRandom(5));
        Verdict failed = detector.observeRatio(5000 * MINUTE, 1, 1);
        assertThat(failed.cause()).isEqualTo(Cause.NONE);
        assertThat(failed.score()).isLessThan(0.5);
        for (int i = 5001; i < 5100; i++) {
            assertThat(detector.observeRatio(i * MINUTE, 0, 1).firing()).isFalse();
        }
    }

    @Test
    void oneFailureInTenFiresWithinTwoHoursOfMinuteProbes() {
        SplittableRandom random = new SplittableRandom(6);
        SeriesDetector detector = learnedOneInAThousand(random);
        assertThat(detector.confidence()).isEqualTo(Confidence.READY);
        int firedAfter = -1;
        for (int i = 0; i < 120 && firedAfter < 0; i++) {
            if (detector.observeRatio((5000 + i) * MINUTE, random.nextInt(10) == 0 ? 1 : 0, 1).firing()) {
                firedAfter = i;
            }
        }
        assertThat(firedAfter).isBetween(0, 119);
    }

    @Test
    void manyAttemptsPerObservationAreJudgedOnTheirCount() {
        SeriesDetector detector = new SeriesDetector(RATIO);
        for (int i = 0; i < 1000; i++) {
            detector.observeRatio(i * MINUTE, i % 2 == 0 ? 1 : 0, 1000);
        }
        Verdict usual = detector.observeRatio(1000 * MINUTE, 1, 1000);
        assertThat(usual.cause()).isEqualTo(Cause.NONE);
        assertThat(usual.expected()).isBetween(0.0003, 0.001);
        Verdict bad = detector.observeRatio(1001 * MINUTE, 100, 1000);
        assertThat(bad.cause()).isEqualTo(Cause.ANOMALY);
        assertThat(bad.score()).isGreaterThan(0.9);
    }

    @Test
    void zeroAttemptsAndImpossibleCountsAreGaps() {
        SeriesDetector detector = new SeriesDetector(RATIO);
        detector.observeRatio(0, 0, 0);
        detector.observeRatio(1, 5, 3);
        detector.observeRatio(2, -1, 3);
        assertThat(detector.samples()).isZero();
    }
}
