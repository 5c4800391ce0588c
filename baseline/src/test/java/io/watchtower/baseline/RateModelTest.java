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

    /** 20 attempts a probe, {@code history} clean probes with one failure in a thousand, then the episode. */
    static int probesUntilFiring(int history, int[] episode) {
        SeriesDetector detector = new SeriesDetector(RATIO.warmUp(5));
        int t = 0;
        for (int i = 0; i < history; i++) {
            detector.observeRatio(t++ * MINUTE, i % 50 == 25 ? 1 : 0, 20);
        }
        for (int i = 0; i < episode.length; i++) {
            if (detector.observeRatio(t++ * MINUTE, episode[i], 20).firing()) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void aLossEpisodeThatStartsMildlyFiresAsFastAfterAShortHistoryAsAfterALongOne() {
        // failures per probe of 20 attempts measured through a 20 % random drop (NetworkPathNamespaceTest);
        // when the first probes are learned as they come, 50 probes of history took 13 probes to fire
        int[] measured = {1, 3, 3, 2, 2, 4, 2, 6, 3, 4, 2, 5, 3, 4, 4, 3};
        assertThat(probesUntilFiring(50, measured)).isBetween(1, 6);
        assertThat(probesUntilFiring(1000, measured)).isBetween(1, 6);
        // a milder one, about 1 in 10
        int[] mild = {1, 1, 2, 1, 2, 1, 3, 2, 2, 1, 2, 3, 2, 2, 1, 2};
        assertThat(probesUntilFiring(50, mild)).isBetween(1, 10);
    }

    @Test
    void usualNoiseAfterAShortHistoryStaysQuiet() {
        SplittableRandom random = new SplittableRandom(11);
        SeriesDetector detector = new SeriesDetector(RATIO.warmUp(5));
        for (int i = 0; i < 5000; i++) {
            int failures = 0;
            for (int a = 0; a < 20; a++) {
                failures += random.nextInt(1000) == 0 ? 1 : 0;
            }
            assertThat(detector.observeRatio(i * MINUTE, failures, 20).firing()).as("probe %d", i).isFalse();
        }
        assertThat(detector.observeRatio(5000 * MINUTE, 0, 20).expected()).isBetween(0.0005, 0.002);
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
