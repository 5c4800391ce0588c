package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResidualTailTest {

    private static final double THRESHOLD = 4.0;

    @Test
    void gaussianResidualsKeepTheGaussianFactorOfTheirPercentile() {
        ResidualTail tail = new ResidualTail();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 8192; i++) {
            tail.add(Math.abs(gaussian(random)));
        }
        // the 99th percentile (2.58) read as its bin's upper edge, 2.83: no extrapolation
        assertThat(tail.bar(THRESHOLD)).isCloseTo(ResidualTail.FACTOR * Math.pow(2, 1.5),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aPowerLawTailIsExtrapolatedBeyondTheGaussianFactorOfItsPercentile() {
        // nine residuals in ten Gaussian, one in ten a burst of Pareto(1.3) height: bursty counts
        ResidualTail tail = new ResidualTail();
        SplittableRandom random = new SplittableRandom(11);
        double[] seen = new double[8192];
        for (int i = 0; i < seen.length; i++) {
            double z = Math.abs(gaussian(random));
            if (random.nextDouble() < 0.05) {
                z += Math.pow(1 - random.nextDouble(), -1 / 1.3);
            }
            seen[i] = z;
            tail.add(z);
        }
        java.util.Arrays.sort(seen);
        double p99 = seen[(int) (0.99 * seen.length)];
        double p90 = seen[(int) (0.90 * seen.length)];
        assertThat(p99 / p90).as("the 99th percentile lies far beyond the 90th").isGreaterThan(2.5);
        // the factor fitted to Gaussian residuals puts the bar at most at 1.45 × the 99th percentile rounded up
        // to its bin's upper edge (6.9 here); the extrapolated tail puts it beyond
        assertThat(tail.bar(THRESHOLD)).isGreaterThan(ResidualTail.FACTOR * p99 * Math.pow(2, 0.25))
                .isLessThan(ResidualTail.MAX_RAISE * THRESHOLD);
    }

    @Test
    void heavinessIsOneWithinABinOfAGaussianSpreadAndGrowsWithTheSquareBeyond() {
        double gaussian = Math.pow(2, 0.75);
        assertThat(ResidualTail.heaviness(gaussian)).isEqualTo(1.0);
        assertThat(ResidualTail.heaviness(gaussian * Math.pow(2, 0.25))).isEqualTo(1.0);
        assertThat(ResidualTail.heaviness(gaussian * Math.pow(2, 0.25) * 2)).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
