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
 *
 * <p>An observation reaches the usual rate only {@link #LEARN_DELAY} observations after it was
 * made ({@link #hold}), and only if the recent rate is not suspicious by then: an episode whose
 * first observations look mild (1 failure in 20 where 1 in 1000 is usual) is judged with
 * hindsight instead of being learned before the evidence against it has accumulated. Without the
 * delay, a short history (a few dozen observations) let such an episode raise the usual rate as
 * fast as the recent one, and a 20 % loss could take twice as long to fire.
 */
final class RateModel {

    /** Observations held back before they may be learned. */
    static final int LEARN_DELAY = 8;
    private static final double PRIOR_FAILURES = 0.5;
    private static final double PRIOR_ATTEMPTS = 1.0;
    private static final double MAX_Z = 40;

    private final double baseDecay;
    private final double recentDecay;
    private double baseFailures;
    private double baseAttempts;
    private double recentFailures;
    private double recentAttempts;
    private final java.util.ArrayDeque<long[]> held = new java.util.ArrayDeque<>(LEARN_DELAY + 1);

    RateModel(int window, int memory) {
        this.recentDecay = 1 - 1.0 / window;
        this.baseDecay = 1 - 1.0 / memory;
    }

    /** Adds an observation to the recent tally (before judging). */
    void observe(long failures, long attempts) {
        recentFailures = recentFailures * recentDecay + failures;
        recentAttempts = recentAttempts * recentDecay + attempts;
    }

    /**
     * Holds an observation back from the usual rate.
     *
     * @return the observation ({failures, attempts}) held {@link #LEARN_DELAY} observations ago,
     *         now due to be learned or dropped, or null while fewer are held
     */
    long[] hold(long failures, long attempts) {
        held.addLast(new long[] {failures, attempts});
        return held.size() > LEARN_DELAY ? held.removeFirst() : null;
    }

    /** Adds an observation to the usual rate (when it was not bad). */
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

    /** Writes the held observations (format version 3 on). */
    void writeHeld(DataOutput out) throws IOException {
        out.writeByte(held.size());
        for (long[] h : held) {
            out.writeLong(h[0]);
            out.writeLong(h[1]);
        }
    }

    void readHeld(DataInput in) throws IOException {
        int n = in.readUnsignedByte();
        if (n > LEARN_DELAY) {
            throw new IOException("corrupt rate state: " + n + " held observations");
        }
        held.clear();
        for (int i = 0; i < n; i++) {
            long failures = in.readLong();
            long attempts = in.readLong();
            if (attempts <= 0 || failures < 0 || failures > attempts) {
                throw new IOException("corrupt rate state: held " + failures + " of " + attempts);
            }
            held.addLast(new long[] {failures, attempts});
        }
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
