package io.watchtower.corpus.score;

import io.watchtower.corpus.Anomaly;
import io.watchtower.corpus.LabelledSeries;
import io.watchtower.corpus.Trait;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hand-computed cases on a 100-row series at one row a minute with one anomaly on rows 40–49. Its
 * window: rows 40 to 61 (the anomaly's 10 rows plus a tail of max(10, 12) rows), 22 rows.
 * tanh(2.5) = 0.986614 is a page on row 40; row 51 is halfway (p = 11/22): tanh(1.25) = 0.848284.
 */
class SeriesScorerTest {

    private static final long MINUTE = 60_000;
    private static final double BEST = 0.9866142981514303;   // tanh(2.5)
    private static final double HALFWAY = 0.8482836399575129; // tanh(1.25)

    static LabelledSeries series(int rows, Set<Trait> traits, long cycle, Anomaly... anomalies) {
        long[] at = new long[rows];
        for (int i = 0; i < rows; i++) {
            at[i] = i * MINUTE;
        }
        return new LabelledSeries("s", "f", MINUTE, at, new double[rows], List.of(anomalies), traits, cycle);
    }

    static LabelledSeries oneAnomaly() {
        return series(100, Set.of(), 0, new Anomaly(40 * MINUTE, 50 * MINUTE, "spike", 6));
    }

    /** Firing on the given rows [from, to) pairs. */
    static boolean[] firing(int rows, int... spans) {
        boolean[] f = new boolean[rows];
        for (int k = 0; k < spans.length; k += 2) {
            for (int i = spans[k]; i < spans[k + 1]; i++) {
                f[i] = true;
            }
        }
        return f;
    }

    static double score(SeriesScore s, Weighting w) {
        return new Tally().add(s).score(w);
    }

    @Test
    void windowCoversTheAnomalyAndATailAsLongAgainButAtLeastTwelveRows() {
        List<Window> w = Windows.of(oneAnomaly());
        assertThat(w).hasSize(1);
        assertThat(w.get(0).first()).isEqualTo(40);
        assertThat(w.get(0).labelledLast()).isEqualTo(49);
        assertThat(w.get(0).last()).isEqualTo(61);

        List<Window> longer = Windows.of(series(200, Set.of(), 0, new Anomaly(40 * MINUTE, 70 * MINUTE, "shift", 6)));
        assertThat(longer.get(0).last()).isEqualTo(99);
    }

    @Test
    void earlinessIsAScaledSigmoidOfThePositionInTheWindow() {
        assertThat(Earliness.of(40, 40, 61)).isCloseTo(BEST, within(1e-12));
        assertThat(Earliness.of(51, 40, 61)).isCloseTo(HALFWAY, within(1e-12));
        assertThat(Earliness.of(61, 40, 61)).isCloseTo(Math.tanh(2.5 / 22), within(1e-12));
        assertThat(Earliness.of(61, 40, 61)).isLessThan(Earliness.of(51, 40, 61));
    }

    @Test
    void aPageAtTheFirstRowOfEveryWindowAndNowhereElseIsOneHundred() {
        SeriesScore s = SeriesScorer.score(oneAnomaly(), firing(100, 40, 55));
        assertThat(s.hits()).isEqualTo(1);
        assertThat(s.outside()).isZero();
        assertThat(s.raw(Weighting.STANDARD)).isCloseTo(BEST, within(1e-12));
        for (Weighting w : Weighting.all()) {
            assertThat(score(s, w)).isCloseTo(100, within(1e-9));
        }
    }

    @Test
    void neverPagingIsZero() {
        SeriesScore s = SeriesScorer.score(oneAnomaly(), new boolean[100]);
        assertThat(s.misses()).isEqualTo(1);
        assertThat(s.raw(Weighting.STANDARD)).isEqualTo(-1.0);
        assertThat(s.raw(Weighting.LOW_FN)).isEqualTo(-2.0);
        for (Weighting w : Weighting.all()) {
            assertThat(score(s, w)).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void aLateHitEarnsLessThanAnEarlyOne() {
        SeriesScore s = SeriesScorer.score(oneAnomaly(), firing(100, 51, 58));
        assertThat(s.hits()).isEqualTo(1);
        assertThat(s.anomalies().get(0).delay()).isEqualTo(11);
        // (0.848284 + 1) / (0.986614 + 1) = 0.930374
        assertThat(score(s, Weighting.STANDARD)).isCloseTo(93.0374, within(1e-3));
        // low_FN: (0.848284 + 2) / (0.986614 + 2) = 0.953683
        assertThat(score(s, Weighting.LOW_FN)).isCloseTo(95.3683, within(1e-3));
    }

    @Test
    void aPageOutsideEveryWindowCostsALittle() {
        SeriesScore s = SeriesScorer.score(oneAnomaly(), firing(100, 10, 12));
        assertThat(s.outside()).isEqualTo(1);
        assertThat(s.misses()).isEqualTo(1);
        assertThat(s.raw(Weighting.STANDARD)).isCloseTo(-1.11, within(1e-12));
        // (-1.11 + 1) / (0.986614 + 1) = -0.055371
        assertThat(score(s, Weighting.STANDARD)).isCloseTo(-5.5371, within(1e-3));
        assertThat(score(s, Weighting.LOW_FP)).isCloseTo(-11.0742, within(1e-3));
    }

    @Test
    void anEarlyHitWithAFalsePage() {
        SeriesScore s = SeriesScorer.score(oneAnomaly(), firing(100, 10, 12, 40, 50));
        // (0.986614 - 0.11 + 1) / (0.986614 + 1) = 0.944630
        assertThat(score(s, Weighting.STANDARD)).isCloseTo(94.4630, within(1e-3));
        assertThat(s.anomalies().get(0).delay()).isZero();
    }

    @Test
    void onlyTheFirstPageOfAWindowCountsAndLaterOnesInItCostNothing() {
        SeriesScore once = SeriesScorer.score(oneAnomaly(), firing(100, 42, 50));
        SeriesScore thrice = SeriesScorer.score(oneAnomaly(), firing(100, 42, 50, 52, 54, 58, 70));
        assertThat(thrice.pages()).isEqualTo(3);
        assertThat(thrice.outside()).isZero();
        assertThat(thrice.raw(Weighting.STANDARD)).isEqualTo(once.raw(Weighting.STANDARD));
    }

    @Test
    void firingSinceBeforeTheWindowIsAFalsePageAndAMiss() {
        SeriesScore s = SeriesScorer.score(oneAnomaly(), firing(100, 35, 55));
        assertThat(s.outside()).isEqualTo(1);
        assertThat(s.misses()).isEqualTo(1);
    }

    @Test
    void aSeriesFiringFromItsFirstRowHasPaged() {
        SeriesScore s = SeriesScorer.score(series(50, Set.of(), 0), firing(50, 0, 5));
        assertThat(s.pages()).isEqualTo(1);
        assertThat(s.outside()).isEqualTo(1);
    }

    @Test
    void overlappingWindowsMergeAndOneEarlyPageHitsBoth() {
        LabelledSeries two = series(100, Set.of(), 0, new Anomaly(40 * MINUTE, 45 * MINUTE, "spike", 6),
                new Anomaly(50 * MINUTE, 52 * MINUTE, "spike", 6));
        List<Window> w = Windows.of(two);
        assertThat(w).hasSize(1);
        assertThat(w.get(0).first()).isEqualTo(40);
        assertThat(w.get(0).last()).isEqualTo(63);
        SeriesScore s = SeriesScorer.score(two, firing(100, 41, 44, 51, 53));
        assertThat(s.windows()).hasSize(1);
        assertThat(s.anomalies()).extracting(SeriesScore.AnomalyPage::delay).containsExactly(1, 1);
    }

    @Test
    void aPeriodicSeriesCountsPagesAfterThreeCycles() {
        // cycles of 20 rows: pages on rows 5 and 30 are learning, 60 and 90 count
        LabelledSeries periodic = series(100, Set.of(Trait.PERIODIC_CLEAN), 20 * MINUTE);
        SeriesScore s = SeriesScorer.score(periodic, firing(100, 5, 6, 30, 31, 60, 61, 90, 92));
        assertThat(s.outside()).isEqualTo(4);
        assertThat(s.pagesAfterCycles()).isEqualTo(2);
        Targets targets = new Targets(List.of(s));
        assertThat(targets.periodicPagesAfterCycles()).isEqualTo(2);
        assertThat(targets.periodicSeriesPaging()).isEqualTo(1);
    }

    @Test
    void aStuckBacklogHoldsOnlyWhenItFiresWithoutABreakToTheEnd() {
        LabelledSeries lag = series(100, Set.of(Trait.STAYS_BAD), 0, new Anomaly(40 * MINUTE, 70 * MINUTE, "stuck-high", 40));
        assertThat(SeriesScorer.score(lag, firing(100, 42, 75)).held()).isEqualTo(1);
        assertThat(SeriesScorer.score(lag, firing(100, 42, 60, 62, 75)).held()).isZero();
        assertThat(SeriesScorer.score(lag, firing(100, 42, 65)).held()).isZero();
        assertThat(new Targets(List.of(SeriesScorer.score(lag, firing(100, 42, 75)))).stuckHeld()).isEqualTo(1);
    }

    @Test
    void twoStuckSpansMergedIntoOneWindowHoldWhenEachFiresToItsEndAndResolvingBetweenIsRight() {
        // windows 20..39 (tail to 39) and 30..44 merge; rows 25..29 are between the two stuck spans
        LabelledSeries storms = series(100, Set.of(Trait.STAYS_BAD), 0,
                new Anomaly(20 * MINUTE, 25 * MINUTE, "stuck-high", 40), new Anomaly(30 * MINUTE, 40 * MINUTE, "stuck-high", 40));
        assertThat(Windows.of(storms)).hasSize(1);
        assertThat(SeriesScorer.score(storms, firing(100, 21, 26, 31, 41)).held()).as("resolved between").isEqualTo(1);
        assertThat(SeriesScorer.score(storms, firing(100, 21, 41)).held()).as("firing throughout").isEqualTo(1);
        assertThat(SeriesScorer.score(storms, firing(100, 21, 26, 31, 35, 36, 41)).held()).as("a break in the second").isZero();
        assertThat(SeriesScorer.score(storms, firing(100, 21, 23, 24, 26, 31, 41)).held()).as("a break in the first").isZero();
        assertThat(SeriesScorer.score(storms, firing(100, 21, 26)).held()).as("the second never fires").isZero();
        assertThat(SeriesScorer.score(storms, firing(100, 31, 41)).held()).as("the first is missed").isZero();
    }

    @Test
    void largeAnomalyRecallAndMedianDelayCountOnlyFiveSigmaAndMore() {
        LabelledSeries mixed = series(300, Set.of(), 0,
                new Anomaly(40 * MINUTE, 45 * MINUTE, "spike", 6),
                new Anomaly(100 * MINUTE, 105 * MINUTE, "dip", -8),
                new Anomaly(160 * MINUTE, 165 * MINUTE, "spike", 3),
                new Anomaly(220 * MINUTE, 225 * MINUTE, "spike", 5));
        // hit after 2 and 4 rows, the 3 σ one after 1, the last missed
        SeriesScore s = SeriesScorer.score(mixed, firing(300, 42, 45, 104, 106, 161, 163));
        Targets t = new Targets(List.of(s));
        assertThat(t.large()).hasSize(3);
        assertThat(t.largeRecall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(t.largeMedianDelay()).isEqualTo(3.0);
    }

    @Test
    void aGroupWithoutWindowsHasNoScoreButItsFalsePagesCostTheTotal() {
        SeriesScore clean = SeriesScorer.score(series(100, Set.of(), 0), firing(100, 10, 12));
        SeriesScore hit = SeriesScorer.score(oneAnomaly(), firing(100, 40, 45));
        assertThat(score(clean, Weighting.STANDARD)).isNaN();
        Tally both = new Tally().add(clean).add(hit);
        // (0.986614 - 0.11 + 1) / (0.986614 + 1) = 0.944630
        assertThat(both.score(Weighting.STANDARD)).isCloseTo(94.4630, within(1e-3));
        assertThat(both.outsidePerSeriesWeek()).isCloseTo(1 / (200.0 / (7 * 24 * 60)), within(1e-9));
    }
}
