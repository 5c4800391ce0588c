package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScoreLikelihoodTest {

    private static final long STEP = 300_000L;
    private static final long DAY = 86_400_000L;

    /** Learns {@code n} readings every five minutes from {@code from}: calm scores, every {@code burstEvery}-th a burst. */
    private static long learn(ScoreLikelihood l, long from, int n, int burstEvery, double burst, SplittableRandom r) {
        long at = from;
        for (int i = 0; i < n; i++, at += STEP) {
            boolean isBurst = burstEvery > 0 && i % burstEvery == 0;
            l.learn(at, isBurst ? burst : 0.3 * r.nextDouble(), isBurst || r.nextBoolean());
        }
        return at;
    }

    @Test
    void aCalmSeriesFindsEveryCrossingOfTheLineImprobable() {
        ScoreLikelihood l = new ScoreLikelihood();
        learn(l, 0, 2 * 288, 0, 0, new SplittableRandom(1));
        assertThat(l.mature()).isTrue();
        assertThat(l.usual(true)).isLessThanOrEqualTo(0.32);
        assertThat(l.improbable(0.5, true)).isTrue();
        assertThat(l.improbable(0.5, false)).isTrue();
        assertThat(l.engaged(true)).isFalse();
    }

    @Test
    void aSeriesWhoseBurstsCrossTheLineSeveralTimesADayFindsSuchABurstOrdinary() {
        ScoreLikelihood l = new ScoreLikelihood();
        // a burst scoring 0.8 (twice the alarm line) six times a day, above the expectation
        learn(l, 0, 3 * 288, 48, 0.8, new SplittableRandom(2));
        assertThat(l.mature()).isTrue();
        assertThat(l.usual(true)).isCloseTo(0.82, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(l.engaged(true)).isTrue();
        assertThat(l.improbable(0.7, true)).isFalse();
        assertThat(l.improbable(0.8, true)).isFalse();
        // a larger one is not, and below the expectation the series has been calm
        assertThat(l.improbable(0.9, true)).isTrue();
        assertThat(l.engaged(false)).isFalse();
        assertThat(l.improbable(0.6, false)).isTrue();
    }

    @Test
    void untilItHasSeenADayThePointTestAloneDecides() {
        // a 20-minute recording at one reading a second with bursts every minute: 1200 readings, never a day
        ScoreLikelihood l = new ScoreLikelihood();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 1200; i++) {
            l.learn(i * 1000L, i % 60 == 0 ? 0.9 : 0.3 * r.nextDouble(), true);
        }
        assertThat(l.mature()).isFalse();
        assertThat(l.improbable(0.6, true)).isTrue();
        // nor do 199 readings over two days
        ScoreLikelihood sparse = new ScoreLikelihood();
        for (int i = 0; i < 199 + ScoreLikelihood.PENDING; i++) {
            sparse.learn(i * 900_000L, 0.9, true);
        }
        assertThat(sparse.mature()).isFalse();
        sparse.learn(300 * 900_000L, 0.9, true);
        assertThat(sparse.mature()).isTrue();
        assertThat(sparse.improbable(0.6, true)).isFalse();
    }

    @Test
    void theReadingsLeadingIntoAPageAreNotLearnedUnlessCrossingIsOrdinary() {
        SplittableRandom r = new SplittableRandom(4);
        ScoreLikelihood paged = new ScoreLikelihood();
        ScoreLikelihood unpaged = new ScoreLikelihood();
        long at = learn(paged, 0, 2 * 288, 0, 0, r);
        learn(unpaged, 0, 2 * 288, 0, 0, new SplittableRandom(4));
        for (int i = 0; i < 3; i++, at += STEP) {
            paged.learn(at, 0.9, true);
            unpaged.learn(at, 0.9, true);
        }
        paged.paged(at, true);
        learn(paged, at, 100, 0, 0, r);
        learn(unpaged, at, 100, 0, 0, new SplittableRandom(5));
        // the calm series that paged on a spike still finds the next such spike improbable...
        assertThat(paged.usual(true)).isLessThan(0.5);
        assertThat(paged.improbable(0.9, true)).isTrue();
        // ...three such readings learned as usual would have made it ordinary
        assertThat(unpaged.improbable(0.9, true)).isFalse();

        // a series whose bursts cross the line as a rule learns the bursts that paged as well
        ScoreLikelihood bursty = new ScoreLikelihood();
        at = learn(bursty, 0, 3 * 288, 48, 0.6, new SplittableRandom(6));
        assertThat(bursty.engaged(true)).isTrue();
        for (int i = 0; i < 3; i++, at += STEP) {
            bursty.learn(at, 0.95, true);
        }
        bursty.paged(at, true);
        learn(bursty, at, 100, 0, 0, new SplittableRandom(7));
        assertThat(bursty.usual(true)).isGreaterThan(0.9);
    }

    @Test
    void aDistributionSaturatedInItsTopBinCannotTell() {
        ScoreLikelihood l = new ScoreLikelihood();
        learn(l, 0, 3 * 288, 24, 1.0, new SplittableRandom(8));
        assertThat(l.usual(true)).isEqualTo(1.0);
        assertThat(l.improbable(0.7, true)).isTrue();
    }

    @Test
    void itsStateSurvivesASnapshot() throws Exception {
        ScoreLikelihood l = new ScoreLikelihood();
        learn(l, 0, 3 * 288 + 5, 48, 0.8, new SplittableRandom(9));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        l.write(new DataOutputStream(bytes));
        ScoreLikelihood again = new ScoreLikelihood();
        again.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(again.mature()).isTrue();
        assertThat(again.usual(true)).isEqualTo(l.usual(true));
        assertThat(again.usual(false)).isEqualTo(l.usual(false));
        // written again at once, it is the same bytes
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        again.write(new DataOutputStream(rewritten));
        assertThat(rewritten.toByteArray()).isEqualTo(bytes.toByteArray());
        // and it goes on learning the same way, held-back readings included (the bins' weights agree up to
        // float rounding: the restored one counts from weight 1 again)
        long at = 3 * 288 * STEP + 5 * STEP;
        for (int round = 0; round < 8; round++, at += 100 * STEP) {
            learn(l, at, 100, 40, 0.7 + 0.03 * round, new SplittableRandom(10 + round));
            learn(again, at, 100, 40, 0.7 + 0.03 * round, new SplittableRandom(10 + round));
            assertThat(again.usual(true)).isEqualTo(l.usual(true));
            assertThat(again.usual(false)).isEqualTo(l.usual(false));
        }
        assertThat(l.usual(true)).isGreaterThan(0.9);
    }
}
