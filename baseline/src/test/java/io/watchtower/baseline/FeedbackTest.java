package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeedbackTest {

    private static final long MONDAY = 1_767_571_200_000L;
    private static final long MINUTE = 60_000;
    private static final long DAY = 1440 * MINUTE;

    /** Ten days of a flat noisy series, one value a minute. */
    private static SeriesDetector learned(long days) {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(3);
        for (long at = MONDAY; at < MONDAY + days * DAY; at += MINUTE) {
            d.observe(at, 20 + r.nextDouble());
        }
        return d;
    }

    private final SplittableRandom jitter = new SplittableRandom(11);

    /** @return the value with a little noise: readings that repeat exactly would be a frozen sensor */
    private double jitter(double value) {
        return value + jitter.nextDouble() * 0.5;
    }

    private static double halfBand(Verdict v) {
        return v.upper() - v.expected();
    }

    @Test
    void noiseOnAOneOffPageWidensTheWholeBandByHalfPerAnswerUpToThreeAnswers() {
        SeriesDetector d = learned(10);
        long at = MONDAY + 10 * DAY;
        double before = halfBand(d.observe(at, jitter(20.5)));
        double[] factors = new double[5];
        for (int i = 1; i <= 4; i++) {
            long now = at + i * MINUTE;
            Adjustment a = d.feedback(new Feedback(FeedbackAnswer.NOISE, now, at - 60 * MINUTE, 40, 20, -1, "oncall-1",
                    "disk scrub"));
            assertThat(a.scope()).isEqualTo("whole series");
            factors[i] = a.bandFactor();
        }
        assertThat(factors).containsExactly(0, 1.5, 2.0, 2.5, 2.5);
        Verdict after = d.observe(at + 10 * MINUTE, jitter(20.5));
        assertThat(halfBand(after)).isCloseTo(2.5 * before, within(0.05 * before));
        assertThat(d.adjustments(after.at())).singleElement().satisfies(a -> {
            assertThat(a.answers()).isEqualTo(3);
            assertThat(a.describe(ZoneOffset.UTC)).isEqualTo("sensitivity lowered on 15 Jan after feedback 'noise' from"
                    + " token oncall-1: disk scrub (band ×2.5 whole series, 3 answers since 15 Jan, until 14 Feb)");
        });
    }

    @Test
    void anAdjustmentExpiresUnlessRepeated() {
        SeriesDetector d = learned(10);
        long at = MONDAY + 10 * DAY;
        double before = halfBand(d.observe(at, jitter(20.5)));
        d.feedback(new Feedback(FeedbackAnswer.NOISE, at, at - MINUTE, 40, 20, at + DAY, "oncall-1", ""));
        assertThat(halfBand(d.observe(at + MINUTE, jitter(20.5)))).isGreaterThan(1.4 * before);
        assertThat(d.adjustments(at + DAY - 1)).hasSize(1);
        assertThat(d.adjustments(at + DAY)).isEmpty();
        assertThat(halfBand(d.observe(at + DAY + MINUTE, jitter(20.5)))).isLessThan(1.1 * before);
    }

    @Test
    void noiseOnAPageAtARecurringTimeWidensOnlyThatWindow() {
        SeriesDetector d = learned(10);
        long day10 = MONDAY + 10 * DAY;
        // pages at 06:00 on two days in a row
        for (int k = 0; k < 2; k++) {
            long six = day10 + k * DAY + 360 * MINUTE;
            for (long at = six - 360 * MINUTE + MINUTE; at < six; at += MINUTE) {
                d.observe(at, jitter(20.5));
            }
            boolean fired = false;
            for (int i = 0; i < 10; i++) {
                fired |= d.observe(six + i * MINUTE, jitter(60)).transition() == Transition.FIRED;
            }
            assertThat(fired).as("page on day %d", k).isTrue();
            for (long at = six + 10 * MINUTE; at < six + 18 * 60 * MINUTE; at += MINUTE) {
                d.observe(at, jitter(20.5));
            }
        }
        long now = day10 + 2 * DAY - 10 * MINUTE;
        long pageAt = day10 + DAY + 360 * MINUTE;
        Adjustment a = d.feedback(new Feedback(FeedbackAnswer.NOISE, now, pageAt, 60, 20.5, -1, "oncall-1", "backup"));
        assertThat(a.scope()).isEqualTo("daily 05:00–07:00 UTC");
        double atSix = halfBand(d.observe(day10 + 2 * DAY + 360 * MINUTE, jitter(20.5)));
        double atNoon = halfBand(d.observe(day10 + 2 * DAY + 720 * MINUTE, jitter(20.5)));
        assertThat(atSix).isGreaterThan(1.3 * atNoon);
    }

    @Test
    void expectedMakesAnEventOfThePagesSizeNormalInItsWindowOnly() {
        SeriesDetector d = learned(10);
        long day10 = MONDAY + 10 * DAY;
        long six = day10 + 360 * MINUTE;
        Adjustment a = d.feedback(new Feedback(FeedbackAnswer.EXPECTED, six - 60 * MINUTE, six - DAY, 40, 20, -1,
                "oncall-1", "nightly backup"));
        assertThat(a.scope()).isEqualTo("daily 05:00–07:00 UTC");
        assertThat(a.allowance()).isCloseTo(30, within(1e-9));
        assertThat(a.describe(ZoneOffset.UTC)).startsWith("known event expected on 15 Jan after feedback 'expected'"
                + " from token oncall-1: nightly backup (normal daily 05:00–07:00 UTC up to 30.00 from the usual");
        int firedInWindow = 0;
        for (int i = 0; i < 20; i++) {
            firedInWindow += d.observe(six + i * MINUTE, jitter(45)).transition() == Transition.FIRED ? 1 : 0;
        }
        assertThat(firedInWindow).as("the event in its window").isZero();
        for (long at = six + 20 * MINUTE; at < six + 60 * MINUTE; at += MINUTE) {
            d.observe(at, jitter(20.5));
        }
        boolean twice = false;
        for (int i = 0; i < 10; i++) {
            twice |= d.observe(six + 60 * MINUTE + i * MINUTE, jitter(80)).transition() == Transition.FIRED;
        }
        assertThat(twice).as("an event three times as large in the window").isTrue();
    }

    @Test
    void expectedDoesNotCoverOtherTimesOfDay() {
        SeriesDetector d = learned(10);
        long day10 = MONDAY + 10 * DAY;
        d.feedback(new Feedback(FeedbackAnswer.EXPECTED, day10, day10 - DAY + 360 * MINUTE, 40, 20, -1, "a", ""));
        boolean fired = false;
        for (int i = 0; i < 10; i++) {
            fired |= d.observe(day10 + 720 * MINUTE + i * MINUTE, jitter(45)).transition() == Transition.FIRED;
        }
        assertThat(fired).isTrue();
    }

    @Test
    void usefulEndsTheNoiseCoveringThePageAndStopsAutomaticWidening() {
        SeriesDetector d = learned(10);
        long at = MONDAY + 10 * DAY;
        double before = halfBand(d.observe(at, jitter(20.5)));
        d.feedback(new Feedback(FeedbackAnswer.NOISE, at + MINUTE, at, 40, 20, -1, "a", ""));
        Adjustment useful = d.feedback(new Feedback(FeedbackAnswer.USEFUL, at + 2 * MINUTE, at, 40, 20, -1, "b",
                "real incident"));
        assertThat(d.adjustments(at + 3 * MINUTE)).singleElement().isEqualTo(useful);
        assertThat(useful.describe(ZoneOffset.UTC)).startsWith("sensitivity kept on 15 Jan after feedback 'useful' from"
                + " token b: real incident (no automatic widening of the band");
        // page many times: without the answer the page budget would raise the bar up to twice
        long t = at + 3 * MINUTE;
        for (int page = 0; page < 8; page++) {
            for (int i = 0; i < 5; i++) {
                d.observe(t, jitter(60));
                t += MINUTE;
            }
            for (int i = 0; i < 240; i++) {
                d.observe(t, jitter(20.5));
                t += MINUTE;
            }
        }
        assertThat(halfBand(d.observe(t, jitter(20.5)))).isLessThan(1.2 * before);
    }

    @Test
    void feedbackIsKeptInTheSnapshot() throws Exception {
        SeriesDetector d = learned(9);
        long at = MONDAY + 9 * DAY;
        d.feedback(new Feedback(FeedbackAnswer.EXPECTED, at, at - 60 * MINUTE, 40, 20, -1, "oncall-1", "backup"));
        d.feedback(new Feedback(FeedbackAnswer.NOISE, at, at - 30 * MINUTE, 40, 20, -1, "oncall-2", "é ünïcode"));
        byte[] snapshot = d.snapshot();
        assertThat(snapshot[5]).isEqualTo((byte) SeriesDetector.FORMAT_VERSION);
        SeriesDetector copy = SeriesDetector.restore(DetectorSettings.defaults(), snapshot);
        assertThat(copy.adjustments(at)).isEqualTo(d.adjustments(at)).hasSize(2);
        assertThat(copy.snapshot()).isEqualTo(snapshot);
        double next = jitter(20.5);
        assertThat(copy.observe(at + MINUTE, next)).isEqualTo(d.observe(at + MINUTE, next));
    }

    @Test
    void aStateSeriesRefusesFeedbackAndBadExpiriesAreRefused() {
        SeriesDetector state = new SeriesDetector(DetectorSettings.defaults().kind(SeriesKind.STATE));
        assertThatThrownBy(() -> state.feedback(new Feedback(FeedbackAnswer.NOISE, 1, 0, 1, 0, -1, "a", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state series");
        assertThatThrownBy(() -> new Feedback(FeedbackAnswer.NOISE, 10, 0, 1, 0, 5, "a", ""))
                .hasMessageContaining("after");
        assertThatThrownBy(() -> new Feedback(FeedbackAnswer.NOISE, 0, 0, 1, 0, 181 * DAY, "a", ""))
                .hasMessageContaining("180 days");
        assertThatThrownBy(() -> FeedbackAnswer.of("meh")).hasMessage(
                "answer must be useful, noise or expected, got \"meh\"");
        assertThat(new Feedback(FeedbackAnswer.USEFUL, 0, 0, 1, 0, -1, "x".repeat(500), null).who()).hasSize(200);
    }

    @Test
    void feedbackAddsAtMostAboutFourKibibytesToTheSnapshot() {
        SeriesDetector d = learned(9);
        long at = MONDAY + 9 * DAY;
        int before = d.snapshot().length;
        String who = "運".repeat(200);
        String note = "運".repeat(200);
        d.feedback(new Feedback(FeedbackAnswer.NOISE, at, at - DAY / 2, 40, 20, -1, who, note));
        d.feedback(new Feedback(FeedbackAnswer.USEFUL, at, at - DAY / 3, 40, 20, -1, who, note));
        for (int h = 0; h < 10; h++) {
            d.feedback(new Feedback(FeedbackAnswer.EXPECTED, at, at - DAY + h * 3 * 3_600_000L, 40, 20, -1, who, note));
        }
        assertThat(d.adjustments(at)).hasSize(FeedbackTuning.MAX_ADJUSTMENTS);
        assertThat(d.adjustments(at).get(0).note()).hasSize(FeedbackTuning.NOTE_KEPT).endsWith("…");
        assertThat(d.snapshot().length - before).isLessThanOrEqualTo(3900);
    }
}
