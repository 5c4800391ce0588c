package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesDetectorTest {

    private static final long MONDAY = 1_767_571_200_000L; // 2026-01-05T00:00Z
    private static final long MINUTE = 60_000;
    private static final DetectorSettings FLAT = DetectorSettings.defaults().seasonal(false);

    private static double noise(SplittableRandom r) {
        return EwmaLevelTest.gaussian(r);
    }

    /** Feeds {@code n} minutes of level 100, σ 2 noise starting at minute {@code from}. */
    private static void feed(SeriesDetector d, SplittableRandom r, int from, int n) {
        for (int i = from; i < from + n; i++) {
            d.observe(MONDAY + i * MINUTE, 100 + 2 * noise(r));
        }
    }

    @Test
    void whileLearningOnlyGuardrailsFire() {
        SeriesDetector d = new SeriesDetector(FLAT.guardrailAbove(500).fireWhen(1, 1));
        Verdict first = d.observe(MONDAY, 100);
        assertThat(first.confidence()).isEqualTo(Confidence.LEARNING);
        for (int i = 1; i < 10; i++) {
            d.observe(MONDAY + i * MINUTE, 100 + (i % 3));
        }
        Verdict odd = d.observe(MONDAY + 10 * MINUTE, 400);
        assertThat(odd.cause()).isEqualTo(Cause.NONE);
        Verdict breach = d.observe(MONDAY + 11 * MINUTE, 600);
        assertThat(breach.cause()).isEqualTo(Cause.THRESHOLD);
        assertThat(breach.firing()).isTrue();
        assertThat(breach.confidence()).isEqualTo(Confidence.LEARNING);
    }

    @Test
    void theBandOfANonNegativeQuantityNeverGoesBelowZero() {
        // a connect time of a fraction of a millisecond with now and then a slow connect: its
        // spread is wider than its level, so the plain band reaches below zero
        SplittableRandom r = new SplittableRandom(16);
        double[] values = new double[3000];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextInt(4) == 0 ? 2 + r.nextDouble() * 3 : 0.2 + r.nextDouble() * 0.3;
        }
        SeriesDetector signed = new SeriesDetector(DetectorSettings.defaults());
        SeriesDetector nonNegative = new SeriesDetector(DetectorSettings.defaults().nonNegative(true));
        double lowestSigned = Double.MAX_VALUE;
        for (int i = 0; i < values.length; i++) {
            Verdict s = signed.observe(MONDAY + i * MINUTE, values[i]);
            Verdict v = nonNegative.observe(MONDAY + i * MINUTE, values[i]);
            if (i > 0) {
                lowestSigned = Math.min(lowestSigned, s.lower());
                assertThat(v.expected()).as("expected at %d", i).isGreaterThanOrEqualTo(0);
                assertThat(v.lower()).as("lower edge at %d", i).isGreaterThanOrEqualTo(0);
                assertThat(v.upper()).as("upper edge at %d", i).isGreaterThan(v.lower());
            }
        }
        assertThat(lowestSigned).as("a signed quantity's band may reach below zero").isLessThan(0);
        Verdict gap = nonNegative.observe(MONDAY + values.length * MINUTE, Double.NaN);
        assertThat(gap.lower()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void nothingLearnedMeansNoExpectationRatherThanAnInventedOne() {
        SeriesDetector gauge = new SeriesDetector(FLAT);
        Verdict first = gauge.observe(MONDAY, 42);
        assertThat(first.expected()).as("the first value has nothing to be compared with").isNaN();
        assertThat(first.lower()).isNaN();
        assertThat(first.upper()).isNaN();
        assertThat(gauge.observe(MONDAY + MINUTE, 43).expected()).isEqualTo(42);

        // a port that was always closed: every connect fails, nothing is ever learned as usual
        SeriesDetector closed = new SeriesDetector(DetectorSettings.defaults().kind(SeriesKind.RATIO));
        Verdict v = null;
        for (int i = 0; i < 100; i++) {
            v = closed.observeRatio(MONDAY + i * MINUTE, 3, 3);
            assertThat(v.expected()).as("usual rate with nothing learned, at %d", i).isNaN();
        }
        assertThat(v.confidence()).isNotEqualTo(Confidence.LEARNING);
        assertThat(v.lower()).isNaN();

        SeriesDetector healthy = new SeriesDetector(DetectorSettings.defaults().kind(SeriesKind.RATIO));
        for (int i = 0; i < 100; i++) {
            v = healthy.observeRatio(MONDAY + i * MINUTE, 0, 10);
        }
        assertThat(v.expected()).as("a learned rate is shown").isBetween(0.0, 0.01);
    }

    @Test
    void confidenceGoesFromLearningThroughPartialToReadyWithTheSeason() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(1);
        List<Confidence> seen = new ArrayList<>();
        for (int i = 0; i < 8 * 1440; i++) {
            Verdict v = d.observe(MONDAY + i * MINUTE, 100 + 2 * noise(r));
            if (seen.isEmpty() || seen.get(seen.size() - 1) != v.confidence()) {
                seen.add(v.confidence());
            }
        }
        assertThat(seen).containsExactly(Confidence.LEARNING, Confidence.PARTIAL, Confidence.READY);
        assertThat(d.confidence()).isEqualTo(Confidence.READY);
        SeriesDetector flat = new SeriesDetector(FLAT);
        feed(flat, r, 0, 40);
        assertThat(flat.confidence()).isEqualTo(Confidence.READY);
    }

    @Test
    void aFiveSigmaExcursionFiresAndResolves() {
        SeriesDetector d = new SeriesDetector(FLAT);
        SplittableRandom r = new SplittableRandom(2);
        feed(d, r, 0, 500);
        List<Transition> transitions = new ArrayList<>();
        for (int i = 500; i < 510; i++) {
            Verdict v = d.observe(MONDAY + i * MINUTE, 112 + noise(r) * 0.1);
            transitions.add(v.transition());
            assertThat(v.cause()).isEqualTo(Cause.ANOMALY);
            assertThat(v.upper()).isLessThan(112);
        }
        assertThat(transitions.indexOf(Transition.FIRED)).isEqualTo(2);
        boolean resolved = false;
        for (int i = 510; i < 520 && !resolved; i++) {
            resolved = d.observe(MONDAY + i * MINUTE, 100).transition() == Transition.RESOLVED;
        }
        assertThat(resolved).isTrue();
    }

    @Test
    void directionAndMinimumDeltaDecideWhatIsWorthFiring() {
        SplittableRandom r = new SplittableRandom(3);
        SeriesDetector higher = new SeriesDetector(FLAT);
        SeriesDetector lower = new SeriesDetector(FLAT.direction(Direction.LOWER));
        SeriesDetector both = new SeriesDetector(FLAT.direction(Direction.BOTH));
        SeriesDetector tiny = new SeriesDetector(FLAT.minimumDelta(1.0));
        for (int i = 0; i < 300; i++) {
            double v = 100 + 2 * noise(r);
            double ms = 0.1 + 0.005 * noise(r);
            higher.observe(MONDAY + i * MINUTE, v);
            lower.observe(MONDAY + i * MINUTE, v);
            both.observe(MONDAY + i * MINUTE, v);
            tiny.observe(MONDAY + i * MINUTE, ms);
        }
        long t = MONDAY + 300 * MINUTE;
        assertThat(higher.observe(t, 70).cause()).isEqualTo(Cause.NONE);
        assertThat(higher.observe(t + 1, 70).score()).isZero();
        assertThat(lower.observe(t, 70).cause()).isEqualTo(Cause.ANOMALY);
        assertThat(both.observe(t, 70).cause()).isEqualTo(Cause.ANOMALY);
        assertThat(both.observe(t + 1, 130).cause()).isEqualTo(Cause.ANOMALY);
        // 0.1 ms to 0.3 ms is 40 σ, but below the minimum delta of 1 ms
        Verdict small = tiny.observe(t, 0.3);
        assertThat(small.score()).isGreaterThan(0.9);
        assertThat(small.cause()).isEqualTo(Cause.NONE);
        assertThat(small.upper()).isGreaterThanOrEqualTo(1.0);
        assertThat(tiny.observe(t + 1, 1.5).cause()).isEqualTo(Cause.ANOMALY);
    }

    @Test
    void scoreIsMonotoneInTheDeviationAndHalfAtTheThreshold() {
        SeriesDetector d = new SeriesDetector(FLAT.direction(Direction.BOTH));
        SplittableRandom r = new SplittableRandom(4);
        feed(d, r, 0, 300);
        Verdict probe = d.observe(MONDAY + 300 * MINUTE, Double.NaN);
        double sigma = (probe.upper() - probe.expected()) / 4;
        double previous = -1;
        for (double k = 0; k <= 20; k += 0.5) {
            SeriesDetector copy = restoreOf(d);
            Verdict v = copy.observe(MONDAY + 301 * MINUTE, probe.expected() + k * sigma);
            assertThat(v.score()).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            if (k == 4) {
                assertThat(v.score()).isCloseTo(0.5, within(0.02));
            }
            previous = v.score();
        }
    }

    @Test
    void gapsDuplicatesAndOutOfOrderReadingsChangeNothing() {
        SeriesDetector d = new SeriesDetector(FLAT);
        SplittableRandom r = new SplittableRandom(5);
        feed(d, r, 0, 100);
        byte[] before = d.snapshot();
        long last = MONDAY + 99 * MINUTE;
        d.observe(last, 1e6); // duplicate timestamp
        d.observe(last - MINUTE, 1e6); // out of order
        d.observe(last + MINUTE, Double.NaN);
        d.observe(last + MINUTE, Double.POSITIVE_INFINITY);
        assertThat(d.snapshot()).isEqualTo(before);
        assertThat(d.samples()).isEqualTo(100);
        // a long gap in time is no reason to fire
        Verdict after = d.observe(last + 3 * 86_400_000L, 100);
        assertThat(after.cause()).isEqualTo(Cause.NONE);
    }

    @Test
    void oneAbsurdValueDoesNotPoisonTheBaseline() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(6);
        feed(d, r, 0, 8 * 1440);
        Verdict absurd = d.observe(MONDAY + 8 * 1440 * MINUTE, 1e15);
        assertThat(absurd.cause()).isEqualTo(Cause.ANOMALY);
        assertThat(absurd.firing()).isFalse();
        Verdict next = d.observe(MONDAY + (8 * 1440 + 1) * MINUTE, 100);
        assertThat(next.expected()).isCloseTo(100, within(1.0));
        assertThat(next.upper() - next.expected()).isLessThan(12);
        // a real 6 σ excursion right after is still caught
        boolean fired = false;
        for (int i = 2; i < 7; i++) {
            fired |= d.observe(MONDAY + (8 * 1440 + i) * MINUTE, 112).firing();
        }
        assertThat(fired).isTrue();
    }

    @Test
    void aConfirmedLevelShiftFiresThenBecomesTheNewNormal() {
        SeriesDetector d = new SeriesDetector(FLAT);
        SplittableRandom r = new SplittableRandom(7);
        feed(d, r, 0, 500);
        int fired = -1;
        int resolved = -1;
        for (int i = 0; i < 200; i++) {
            Verdict v = d.observe(MONDAY + (500 + i) * MINUTE, 130 + 2 * noise(r));
            if (v.transition() == Transition.FIRED && fired < 0) {
                fired = i;
            }
            if (v.transition() == Transition.RESOLVED && resolved < 0) {
                resolved = i;
            }
        }
        assertThat(fired).isEqualTo(2);
        assertThat(resolved).isBetween(d.settings().adoptAfter(), d.settings().adoptAfter() + 10);
        Verdict now = d.observe(MONDAY + 700 * MINUTE, 130);
        assertThat(now.expected()).isCloseTo(130, within(2.0));
        assertThat(now.firing()).isFalse();
    }

    @Test
    void adoptionCanBeSwitchedOff() {
        SeriesDetector d = new SeriesDetector(FLAT.adoptAfter(0));
        SplittableRandom r = new SplittableRandom(8);
        feed(d, r, 0, 500);
        Verdict v = null;
        for (int i = 0; i < 100; i++) {
            v = d.observe(MONDAY + (500 + i) * MINUTE, 130 + 2 * noise(r));
        }
        assertThat(v.firing()).isTrue();
    }

    @Test
    void aSmallSustainedShiftIsCaughtByTheChangePointTest() {
        SeriesDetector withCusum = new SeriesDetector(FLAT);
        SeriesDetector without = new SeriesDetector(FLAT.changePoint(false));
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 600; i++) {
            double v = 100 + 2 * noise(r);
            withCusum.observe(MONDAY + i * MINUTE, v);
            without.observe(MONDAY + i * MINUTE, v);
        }
        boolean caught = false;
        boolean caughtWithout = false;
        for (int i = 600; i < 660; i++) {
            double v = 105 + 2 * noise(r); // +2.5 σ: below the point threshold
            caught |= withCusum.observe(MONDAY + i * MINUTE, v).firing();
            caughtWithout |= without.observe(MONDAY + i * MINUTE, v).firing();
        }
        assertThat(caught).isTrue();
        assertThat(caughtWithout).isFalse();
    }

    @Test
    void counterResetsAreGapsNotAnomalies() {
        SeriesDetector d = new SeriesDetector(FLAT);
        double total = 0;
        for (int i = 0; i < 300; i++) {
            total += 600 + (i % 7); // about 10 per second
            d.observeCounter(MONDAY + i * MINUTE, total);
        }
        Verdict reset = d.observeCounter(MONDAY + 300 * MINUTE, 12);
        assertThat(reset.cause()).isEqualTo(Cause.NONE);
        assertThat(reset.value()).isNaN();
        Verdict next = d.observeCounter(MONDAY + 301 * MINUTE, 12 + 603);
        assertThat(next.value()).isCloseTo(10.05, within(1e-9));
        assertThat(next.cause()).isEqualTo(Cause.NONE);
        assertThat(d.samples()).isEqualTo(300);
    }

    @Test
    void aLevelThatFallsIsANegativeChangeNotAReset() {
        SeriesDetector d = new SeriesDetector(FLAT);
        assertThat(d.observeLevelChange(MONDAY, 100).value()).as("one level is no change yet").isNaN();
        assertThat(d.observeLevelChange(MONDAY + MINUTE, 160).value()).isCloseTo(1.0, within(1e-9));
        Verdict fall = d.observeLevelChange(MONDAY + 2 * MINUTE, 40);
        assertThat(fall.value()).isCloseTo(-2.0, within(1e-9));
        assertThat(d.samples()).isEqualTo(2);
        assertThat(d.observeCounter(MONDAY + 3 * MINUTE, 10).value()).as("a counter's fall is a reset").isNaN();
    }

    @Test
    void aDailyJobIsNormalAtItsHourAndAbnormalAtAnotherAfterTwoWeeks() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(10);
        int days = 15;
        List<Verdict> atSix = new ArrayList<>();
        for (int i = 0; i < days * 1440; i++) {
            int minuteOfDay = i % 1440;
            boolean job = minuteOfDay >= 360 && minuteOfDay < 380;
            Verdict v = d.observe(MONDAY + i * MINUTE, (job ? 160 : 100) + 2 * noise(r));
            if (i >= 14 * 1440 && job) {
                atSix.add(v);
            }
        }
        assertThat(atSix).hasSize(20).allSatisfy(v -> {
            assertThat(v.firing()).isFalse();
            assertThat(v.seasonBucket()).startsWith("day+06:");
        });
        List<Verdict> atTwo = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            atTwo.add(d.observe(MONDAY + (days * 1440 - 1440 + 14 * 60 + i) * MINUTE + 86_400_000L,
                    160 + 2 * noise(r)));
        }
        assertThat(atTwo.get(0).seasonBucket()).isEqualTo("day+14:00");
        assertThat(atTwo.get(2).transition()).isEqualTo(Transition.FIRED);
        assertThat(atTwo).allSatisfy(v -> assertThat(v.cause()).isEqualTo(Cause.ANOMALY));
    }

    @Test
    void theDefaultsHoldAtTenSecondIntervalsToo() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        SplittableRandom r = new SplittableRandom(12);
        long step = 10_000;
        int perDay = 8640;
        int falseAlarms = 0;
        int spikes = 0;
        int caught = 0;
        int spikeLeft = 0;
        for (int i = 0; i < 14 * perDay; i++) {
            double hour = (i % perDay) / 360.0;
            double v = 100 + 15 * Math.cos((hour - 14) / 24 * 2 * Math.PI) + 2 * noise(r);
            // every 19 hours, so the spikes do not recur at the same time of day (which would be a daily pattern)
            if (i > 8 * perDay && i % (19 * 360) == 0) {
                spikeLeft = 8;
                spikes++;
            }
            boolean inSpike = spikeLeft > 0;
            if (inSpike) {
                v += 14; // 7 σ for 8 samples
                spikeLeft--;
            }
            Verdict verdict = d.observe(MONDAY + i * step, v);
            if (verdict.transition() == Transition.FIRED && i > 7 * perDay) {
                if (inSpike) {
                    caught++;
                } else {
                    falseAlarms++;
                }
            }
        }
        assertThat(falseAlarms).isZero();
        assertThat(caught).isEqualTo(spikes).isEqualTo(7);
    }

    /** Five days of a daily swing with σ 2 noise a minute, then the reading frozen for {@code frozen} minutes. */
    private static List<Verdict> frozenReading(boolean noisy, int frozen) {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        SplittableRandom r = new SplittableRandom(31);
        List<Verdict> verdicts = new ArrayList<>();
        int from = 5 * 1440;
        double last = Double.NaN;
        for (int i = 0; i < from + frozen + 120; i++) {
            double v = 100 + 15 * Math.cos(2 * Math.PI * (i % 1440) / 1440.0) + (noisy ? 2 * noise(r) : 0);
            if (i >= from && i < from + frozen) {
                v = last;
            }
            last = v;
            verdicts.add(d.observe(MONDAY + i * MINUTE, v));
        }
        return verdicts;
    }

    @Test
    void aNoisyReadingThatStopsMovingFiresAndStaysFiringWhileFrozen() {
        int from = 5 * 1440;
        List<Verdict> verdicts = frozenReading(true, 240);
        assertThat(verdicts.subList(from - 1440, from)).noneSatisfy(v -> assertThat(v.firing()).isTrue());
        // within a few readings of the 16th identical one
        assertThat(verdicts.subList(from + 15, from + 20)).anySatisfy(v -> assertThat(v.transition()).isEqualTo(Transition.FIRED));
        assertThat(verdicts.subList(from + 20, from + 240)).allSatisfy(v -> assertThat(v.firing()).isTrue());
        assertThat(verdicts.subList(from + 240, from + 260)).anySatisfy(v -> assertThat(v.transition()).isEqualTo(Transition.RESOLVED));
    }

    /** A working day's hump from 08:00 to 19:00 (80 at its top, 15 % of it at weekends) and an evening swing. */
    private static double workingWeek(long at) {
        double hour = Math.floorMod(at, 86_400_000L) / 3_600_000.0;
        int weekday = (int) Math.floorMod(Math.floorDiv(at - MONDAY, 86_400_000L), 7L); // 0 is a Monday
        double hump = hour <= 8 || hour >= 19 ? 0 : Math.pow(Math.sin(Math.PI * (hour - 8) / 11), 2);
        return 20 + 80 * hump * (weekday >= 5 ? 0.15 : 1) + 5 * Math.cos(2 * Math.PI * (hour - 21) / 24);
    }

    @Test
    void aWorkingWeekSampledEveryMinuteNoLongerPagesAfterThreeWeeks() {
        // the weekly correction holds whole hours; the hump rises and falls by up to 20 an hour, so an hour's
        // one correction is off by up to ±10 at the hour's edges unless it follows the slope inside the hour
        for (long seed : new long[] {132, 133, 134}) {
            SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
            SplittableRandom r = new SplittableRandom(seed);
            int late = 0;
            for (int i = 0; i < 28 * 1440; i++) {
                long at = MONDAY + i * MINUTE;
                Verdict v = d.observe(at, Math.max(0, workingWeek(at) + 0.1 * noise(r)));
                if (v.transition() == Transition.FIRED && i >= 21 * 1440) {
                    late++;
                }
            }
            assertThat(d.method()).contains("weekly-profile");
            assertThat(late).as("pages in the fourth week, seed %d", seed).isZero();
        }
    }

    @Test
    void aSeriesThatSitsStillEveryNightPagesAtItsFirstFlatNightsOnly() {
        // a noisy sensor sampled every minute whose reading sits still from 00:00 to 04:00 every night once
        // the season has settled (a collector that re-exports its last value while the source sleeps)
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        SplittableRandom r = new SplittableRandom(41);
        int[] pagesPerNight = new int[21];
        double last = Double.NaN;
        for (int i = 0; i < 21 * 1440; i++) {
            int day = i / 1440;
            double v = 100 + 15 * Math.cos(2 * Math.PI * (i % 1440) / 1440.0) + 2 * noise(r);
            if (day >= 5 && i % 1440 > 0 && i % 1440 < 240) {
                v = last;
            }
            last = v;
            Verdict verdict = d.observe(MONDAY + i * MINUTE, v);
            if (verdict.transition() == Transition.FIRED) {
                pagesPerNight[day]++;
            }
            if (i == 10 * 1440) {
                d = restoreOf(d); // a restart in between keeps what the flat nights taught
            }
        }
        // the first flat night pages and stays firing while flat, as a frozen reading does
        assertThat(pagesPerNight[5]).isEqualTo(1);
        // once flat nights have ended by themselves a few times, they are how this series behaves
        assertThat(java.util.Arrays.stream(pagesPerNight, 8, 21).sum()).isZero();
    }

    @Test
    void aSeriesWhoseReadingsUsuallyRepeatIsNotStuckWhenTheyRepeat() {
        // a noise-free swing rounded to whole units repeats its readings all the time: a repeat is no fault
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        int fired = 0;
        for (int i = 0; i < 7 * 1440; i++) {
            double v = Math.round(100 + 15 * Math.cos(2 * Math.PI * (i % 1440) / 1440.0));
            Verdict verdict = d.observe(MONDAY + i * MINUTE, v);
            fired += i >= 3 * 1440 && verdict.transition() == Transition.FIRED ? 1 : 0;
        }
        assertThat(fired).isZero();
    }

    /** A consumer lag probed every 15 s: 0-6 for three days, then {@code stuck} for three days, then normal again. */
    private static List<Verdict> lagScenario(DetectorSettings settings, java.util.function.IntToDoubleFunction stuck) {
        SeriesDetector d = new SeriesDetector(settings);
        SplittableRandom r = new SplittableRandom(21);
        int perDay = 5760;
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 7 * perDay; i++) {
            boolean inStuck = i >= 3 * perDay && i < 6 * perDay;
            double lag = inStuck ? stuck.applyAsDouble(i) : r.nextInt(7);
            verdicts.add(d.observe(MONDAY + i * 15_000L, lag));
            if (i % perDay == 0) {
                d = restoreOf(d); // a daemon restart every day changes nothing
            }
        }
        return verdicts;
    }

    private static void assertFiresOnceAndHoldsWhileStuck(List<Verdict> verdicts) {
        int perDay = 5760;
        List<Verdict> stuck = verdicts.subList(3 * perDay, 6 * perDay);
        assertThat(stuck.subList(0, 5)).anySatisfy(v -> assertThat(v.transition()).isEqualTo(Transition.FIRED));
        assertThat(stuck.subList(5, stuck.size())).allSatisfy(v -> {
            assertThat(v.firing()).isTrue();
            assertThat(v.transition()).isEqualTo(Transition.NONE);
        });
        // the usual band stays where the lag was normal
        assertThat(stuck.get(stuck.size() - 1).upper()).isLessThan(50);
        List<Verdict> after = verdicts.subList(6 * perDay, 7 * perDay);
        assertThat(after.subList(0, 10)).anySatisfy(v -> assertThat(v.transition()).isEqualTo(Transition.RESOLVED));
        assertThat(after.subList(10, after.size())).noneSatisfy(v -> assertThat(v.transition()).isEqualTo(Transition.FIRED));
    }

    @Test
    void aLagDeclaredNeverNormalStaysFiringWhileStuckAndResolvesWhenItRecovers() {
        DetectorSettings lag = DetectorSettings.defaults().nonNegative(true).badNeverNormal(true);
        // a stuck consumer whose lag still moves as entries arrive and expire: 100 to 119
        SplittableRandom jitter = new SplittableRandom(22);
        assertFiresOnceAndHoldsWhileStuck(lagScenario(lag, i -> 100 + jitter.nextInt(20)));
    }

    @Test
    void withoutTheDeclarationTheSameMovingBacklogBecomesTheNewNormal() {
        SplittableRandom jitter = new SplittableRandom(22);
        List<Verdict> verdicts = lagScenario(DetectorSettings.defaults().nonNegative(true),
                i -> 100 + jitter.nextInt(20));
        assertThat(verdicts.subList(3 * 5760, 6 * 5760))
                .anySatisfy(v -> assertThat(v.transition()).isEqualTo(Transition.RESOLVED));
    }

    @Test
    void aValueStuckWhereItFiredIsNeverAdoptedEvenUndeclared() {
        // a consumer group stuck at exactly 100, as Redis reports it while nothing consumes
        assertFiresOnceAndHoldsWhileStuck(lagScenario(DetectorSettings.defaults().nonNegative(true), i -> 100));
    }

    @Test
    void theSameObservationsGiveTheSameVerdictsAcrossASnapshot() throws SnapshotException {
        SeriesDetector straight = new SeriesDetector(DetectorSettings.defaults());
        SeriesDetector interrupted = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(11);
        double[] values = new double[3 * 1440];
        for (int i = 0; i < values.length; i++) {
            values[i] = 100 + 10 * Math.sin(i / 229.0) + 2 * noise(r) + (i % 997 == 0 ? 50 : 0);
        }
        for (int i = 0; i < values.length; i++) {
            Verdict a = straight.observe(MONDAY + i * MINUTE, values[i]);
            if (i % 500 == 0) {
                interrupted = SeriesDetector.restore(DetectorSettings.defaults(), interrupted.snapshot());
            }
            Verdict b = interrupted.observe(MONDAY + i * MINUTE, values[i]);
            assertThat(b).as("observation %d", i).isEqualTo(a);
        }
    }

    private static SeriesDetector restoreOf(SeriesDetector d) {
        try {
            return SeriesDetector.restore(d.settings(), d.snapshot());
        } catch (SnapshotException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A count with a daily swing and one burst on its second day, the first cycle of its daily shape: the slot
     * learns the burst as it comes, but the next day's ordinary values at that time are not dips below it.
     */
    @Test
    void aBurstSeenInTheFirstCycleOfTheDailyShapeIsNoExpectationForTheNextDay() {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        SplittableRandom random = new SplittableRandom(7);
        long step = 300_000L;
        long day = 86_400_000L;
        long burstAt = day + 14 * 3_600_000L;
        List<Long> pages = new ArrayList<>();
        for (long at = 0; at < 4 * day; at += step) {
            double usual = 100 + 30 * Math.sin(2 * Math.PI * at / day);
            double burst = at >= burstAt ? 600 * Math.exp(-(at - burstAt) / (double) (6 * step)) : 0;
            double value = usual + burst + 5 * noise(random);
            if (d.observe(at, value).transition() == Transition.FIRED) {
                pages.add(at);
            }
        }
        // the burst itself pages; a day later, at the same time of day, nothing does
        assertThat(pages).anyMatch(at -> at >= burstAt && at < burstAt + 3_600_000L);
        assertThat(pages).noneMatch(at -> at >= burstAt + day - 3_600_000L && at < burstAt + day + 6 * 3_600_000L);
    }

    /**
     * Counts of a mention stream every five minutes: about 20 a reading, and six bursts a day of Pareto(1.3)
     * height, each decaying over half an hour; from {@code calmFrom} on (in readings) no more bursts, and at
     * {@code plantAt} one burst of {@code planted} times the usual count.
     *
     * @return the reading indices at which the series paged
     */
    private static List<Integer> burstyCounts(long seed, int readings, int calmFrom, int plantAt, double planted) {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults().direction(Direction.BOTH));
        SplittableRandom r = new SplittableRandom(seed);
        List<Integer> pages = new ArrayList<>();
        double burst = 0;
        for (int i = 0; i < readings; i++) {
            burst *= 0.7;
            if (i < calmFrom && r.nextDouble() < 6.0 / 288) {
                burst += 20 * (Math.pow(1 - r.nextDouble(), -1 / 1.3) - 1) * 3;
            }
            if (i == plantAt) {
                burst += 20 * planted;
            }
            double value = Math.max(0, Math.round(20 + burst + Math.sqrt(20) * noise(r)));
            if (d.observe(MONDAY + i * 300_000L, value).transition() == Transition.FIRED) {
                pages.add(i);
            }
        }
        return pages;
    }

    @Test
    void aSeriesWhoseBurstsCrossItsBarSeveralTimesADayLearnsThatCrossingIsOrdinaryForIt() {
        int day = 288;
        int afterTwoDays = 0;
        int thirdWeek = 0;
        for (long seed = 1; seed <= 5; seed++) {
            for (int page : burstyCounts(seed, 21 * day, Integer.MAX_VALUE, -1, 0)) {
                afterTwoDays += page >= 2 * day ? 1 : 0;
                thirdWeek += page >= 14 * day ? 1 : 0;
            }
        }
        // judged by the learned tail and the page budget alone, these five series paged 35 times after their
        // second day and 7 times in their third week (about 1 a week each, 2.7 a week over the whole run)
        assertThat(afterTwoDays).isLessThanOrEqualTo(25);
        assertThat(thirdWeek).isLessThanOrEqualTo(2);
    }

    @Test
    void aCalmSeriesStillPagesAtOnceOnABurstOfTheSameSize() {
        int day = 288;
        for (long seed = 1; seed <= 5; seed++) {
            // bursts only in the first half day, then calm; on day 8 a burst of ten times the usual count
            List<Integer> pages = burstyCounts(seed, 10 * day, day / 2, 8 * day, 10);
            assertThat(pages).as("seed %d", seed).contains(8 * day + 2);
        }
    }
}
