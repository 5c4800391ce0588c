package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EwmaLevelTest {

    @Test
    void firstValuesAreAveragedPlainly() {
        EwmaLevel level = new EwmaLevel(0.01);
        level.add(10);
        level.add(20);
        level.add(30);
        assertThat(level.mean()).isCloseTo(20, within(1e-9));
    }

    @Test
    void convergesToTheMeanAndDeviationOfStationaryNoise() {
        EwmaLevel level = new EwmaLevel(0.02);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            level.add(50 + 3 * gaussian(random));
        }
        assertThat(level.mean()).isCloseTo(50, within(1.0));
        assertThat(level.deviation()).isCloseTo(3, within(0.5));
    }

    @Test
    void followsALevelChangeWithinAFewTimeConstants() {
        EwmaLevel level = new EwmaLevel(0.05);
        for (int i = 0; i < 200; i++) {
            level.add(10);
        }
        for (int i = 0; i < 100; i++) {
            level.add(20);
        }
        assertThat(level.mean()).isCloseTo(20, within(0.1));
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
