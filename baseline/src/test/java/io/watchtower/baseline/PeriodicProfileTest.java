package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PeriodicProfileTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long FIVE_MINUTES = 300_000L;

    /** A weekly profile of whole hours whose every slot holds {@code hourOffset(slot)}. */
    private static PeriodicProfile hourly(java.util.function.IntToDoubleFunction hourOffset) {
        PeriodicProfile week = PeriodicProfile.steps(WEEK, FIVE_MINUTES, 168);
        for (int slot = 0; slot < 168; slot++) {
            // local time 0 is a Thursday midnight: slot k is hour k % 24 of day k / 24
            week.learn(slot * HOUR + HOUR / 2, hourOffset.applyAsDouble(slot), 1.0);
        }
        return week;
    }

    @Test
    void wholeHoursFollowASlopeWithinTheDay() {
        // a slope of 10 an hour: the offset read at a quarter past is a quarter of the way between the centres
        PeriodicProfile week = hourly(slot -> 10.0 * (slot % 24));
        double mean = 20 - week.offset(2 * HOUR + HOUR / 2); // offsets are read relative to their mean
        assertThat(week.offset(9 * HOUR + HOUR / 2) + mean).isCloseTo(90, within(1e-3));
        assertThat(week.offset(9 * HOUR + 45 * 60_000L) + mean).isCloseTo(92.5, within(1e-3));
        assertThat(week.offset(10 * HOUR) + mean).isCloseTo(95, within(1e-3));
        assertThat(week.offset(10 * HOUR + 15 * 60_000L) + mean).isCloseTo(97.5, within(1e-3));
    }

    @Test
    void aWeekendStillStartsAtMidnight() {
        // Thursday (slots 0-23) at 100, Friday (24-47) at 0: no ramp across the midnight between them
        PeriodicProfile week = hourly(slot -> slot < 24 ? 100 : 0);
        double friday = week.offset(30 * HOUR);
        assertThat(week.offset(23 * HOUR + 50 * 60_000L) - friday).as("Thursday 23:50").isCloseTo(100, within(1e-3));
        assertThat(week.offset(24 * HOUR + 10 * 60_000L) - friday).as("Friday 00:10").isCloseTo(0, within(1e-3));
        // nor across the end of the week, back to the Thursday
        assertThat(week.offset(WEEK - 10 * 60_000L) - friday).as("Wednesday 23:50").isCloseTo(0, within(1e-3));
        assertThat(week.offset(10 * 60_000L) - friday).as("Thursday 00:10").isCloseTo(100, within(1e-3));
    }

    @Test
    void aFirstSightingOutsideTheBandIsLearnedWithASpreadAsWideAsItsDeviation() {
        PeriodicProfile burst = new PeriodicProfile(DAY, FIVE_MINUTES, 0, PeriodicProfile.MAX_SLOTS, true);
        PeriodicProfile edge = new PeriodicProfile(DAY, FIVE_MINUTES, 0, PeriodicProfile.MAX_SLOTS, true);
        long noon = 12 * HOUR;
        // a burst the series judged outside its band, seen once: taken as it comes, with its own uncertainty
        burst.learn(noon, 170, 5, true);
        // the same deviation within the band (a shape's usual swing): a firm expectation, as before
        edge.learn(noon, 170, 5, false);
        assertThat(burst.spread(noon)).isCloseTo(PeriodicProfile.MEAN_ABS_TO_SIGMA * 170, within(1e-3));
        assertThat(edge.spread(noon)).isZero();
        assertThat(burst.offset(noon)).isEqualTo(edge.offset(noon));

        // a second visit that disagrees keeps the slot uncertain; one that agrees (an edge that recurs) halves it
        PeriodicProfile recurring = new PeriodicProfile(DAY, FIVE_MINUTES, 0, PeriodicProfile.MAX_SLOTS, true);
        recurring.learn(noon, 170, 5, true);
        recurring.learn(noon + DAY, 170, 5, false);
        burst.learn(noon + DAY, 5, 5, false);
        assertThat(recurring.spread(noon)).isCloseTo(PeriodicProfile.MEAN_ABS_TO_SIGMA * 170 / 2, within(1e-3));
        assertThat(burst.spread(noon)).isGreaterThan(PeriodicProfile.MEAN_ABS_TO_SIGMA * 160);
    }
}
