package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;

/**
 * Failures out of attempts, judged as a rate. Two exponentially decaying tallies: the usual rate,
 * learned over {@code memory} observations from the observations that were not bad, and the
 * recent tally over {@code window} observations. The recent failures are compared with what the
 * usual rate predicts for the recent attempts using the Poisson tail (an upper bound of the
 * binomial tail, so it errs on the quiet side), and the tail probability is turned into standard
 * deviations so a rate is scored like a gauge: 1 failure in 1000 attempts as usual and a single
 * failure now is about 2 σ, a sustained 1 in 10 is beyond 4 σ within about 30 observations.
 */
final class RateModel {

    private static final double PRIOR_FAILURES = 0.5;
    private static final double PRIOR_ATTEMPTS = 1.0;
    private static final double MAX_Z = 40;

    private final double baseDecay;
    private final double recentDecay;
    private double baseFailures;
    private double baseAttempts;
    private double recentFailures;
    private double recentAttempts;

    RateModel(int window, int memory) {
        this.recentDecay = 1 - 1.0 / window;
        this.baseDecay = 1 - 1.0 / memory;
    }

    /** Adds an observation to the recent tally (before judging). */
    void observe(long failures, long attempts) {
        recentFailures = recentFailures * recentDecay + failures;
        recentAttempts = recentAttempts * recentDecay + attempts;
    }

    /** Adds an observation to the usual rate (after judging, when it was not bad). */
    void learn(long failures, long attempts) {
        baseFailures = baseFailures * baseDecay + failures;
        baseAttempts = baseAttempts * baseDecay + attempts;
    }

    /** @return the usual failure rate */
    double usual() {
        return (baseFailures + PRIOR_FAILURES) / (baseAttempts + PRIOR_ATTEMPTS);
    }

    /** @return the recent failure rate, NaN without attempts */
    double recent() {
        return recentAttempts > 0 ? recentFailures / recentAttempts : Double.NaN;
    }

    double usualAttempts() {
        return baseAttempts;
    }

    double recentAttempts() {
        return recentAttempts;
    }

    /** @return standard deviations the recent failures lie above the usual rate (0 when below) */
    double zAbove() {
        double lambda = recentAttempts * usual();
        if (!(recentFailures > lambda) || recentFailures <= 0) {
            return 0;
        }
        return toZ(Gamma.regularizedGammaP(recentFailures, lambda));
    }

    /** @return standard deviations the recent failures lie below the usual rate (0 when above) */
    double zBelow() {
        double lambda = recentAttempts * usual();
        if (!(recentFailures < lambda)) {
            return 0;
        }
        return toZ(Gamma.regularizedGammaQ(recentFailures + 1, lambda));
    }

    private static double toZ(double tail) {
        if (!(tail < 0.5)) {
            return 0;
        }
        if (tail <= 1e-300) {
            return MAX_Z;
        }
        double z = Math.sqrt(2) * Erf.erfcInv(2 * tail);
        return Double.isNaN(z) || z > MAX_Z ? MAX_Z : z;
    }

    void write(DataOutput out) throws IOException {
        out.writeDouble(baseFailures);
        out.writeDouble(baseAttempts);
        out.writeDouble(recentFailures);
        out.writeDouble(recentAttempts);
    }

    void read(DataInput in) throws IOException {
        baseFailures = in.readDouble();
        baseAttempts = in.readDouble();
        recentFailures = in.readDouble();
        recentAttempts = in.readDouble();
        if (!(baseFailures >= 0 && baseAttempts >= 0 && recentFailures >= 0 && recentAttempts >= 0
                && Double.isFinite(baseFailures + baseAttempts + recentFailures + recentAttempts))) {
            throw new IOException("corrupt rate state");
        }
    }
}
