package io.watchtower.baseline;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeasonalityTest {

    private static final long STEP = 300_000L;
    private static final long START = 1_700_006_400_000L; // a midnight, UTC

    private static double sine(long at) {
        return 10 * Math.sin(2 * Math.PI * ((at - START) % Seasonality.DAY) / Seasonality.DAY);
    }

    @Test
    void anAdoptedLevelShiftStaysAdoptedAndNeverLeaksIntoTheDailyShape() {
        Seasonality season = new Seasonality(ZoneOffset.UTC);
        long at = START;
        for (; at < START + 4 * Seasonality.DAY; at += STEP) {
            double v = 100 + sine(at);
            season.learn(at, v, v, 0.5);
        }
        assertThat(season.chosen()).isEqualTo(Seasonality.Period.DAY);
        assertThat(season.slowLevel()).isCloseTo(100, within(0.5));

        // the level steps up by 50 and the detector adopts it
        season.shiftLevel(50);
        for (int i = 0; i < 12; i++, at += STEP) {
            double v = 150 + sine(at);
            season.learn(at, v, v, 0.5);
            assertThat(season.slowLevel()).as("level %d observations after the shift", i + 1).isCloseTo(150, within(0.5));
        }
        for (long t = at - 12 * STEP; t < at; t += STEP) {
            assertThat(season.offset(t)).as("daily offset at %d", t).isCloseTo(sine(t), within(1.0));
        }
    }
}
