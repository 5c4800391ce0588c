package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The learned tail of a series' standardised residuals: an exponentially decaying histogram of
 * {@code |z|} over logarithmic bins (four per octave, from 1/4 to 256), from which a high quantile
 * is read ({@link #QUANTILE}). A series whose residuals are Gaussian has a 99th percentile near 2.6 σ; bursty,
 * heavy-tailed series (mention counts, request rates) have one of 10 σ and more, and judging them
 * against a Gaussian line pages on every burst. {@link SeriesDetector} raises its bar to
 * {@link #FACTOR} × this percentile where it exceeds the configured threshold.
 *
 * <p>How heavy the tail is, is read from how much further out the 99th percentile lies than the 90th
 * ({@link #BODY}): for Gaussian residuals 2.58 / 1.64 (1.68 as the bins read it). Where the ratio is more
 * than a bin beyond that, the tail is taken to fall off as a power law and the percentile is extrapolated two
 * decades further out than a Gaussian's would be: multiplied by the square of the ratio's excess. A factor
 * over the 99th percentile fitted to Gaussian residuals ({@link #FACTOR}) put the bar of bursty counts
 * (bursts of Pareto(1.3) height) where their larger bursts crossed it several times a week.
 *
 * <p>The histogram forgets with weight {@code 1/MEMORY} per observation (two weeks at one a
 * five-minute sample); the quantile is recomputed every {@code REFRESH} observations and needs
 * {@code MIN_SAMPLES} (1000) of them first, so a couple of early wild values cannot set it.
 */
final class ResidualTail {

    static final double QUANTILE = 0.99;
    static final double FACTOR = 1.45;
    /** The body quantile the tail's heaviness is measured against. */
    static final double BODY = 0.90;
    /** The 99th over the 90th percentile of Gaussian |z| as the bins read them (their upper edges, 2.83 / 1.68). */
    private static final double GAUSSIAN_SPREAD = Math.pow(2, 0.75);
    /** One bin's width, as a ratio: a spread within it of the Gaussian's may be the bins' rounding. */
    private static final double BIN = Math.pow(2, 0.25);
    /** The learned bar is at most this many times the threshold: a tail learned from a few wild values stays bounded. */
    static final double MAX_RAISE = 4.0;
    private static final int BINS = 41;
    private static final double LOG2_LOW = -2;
    private static final double PER_OCTAVE = 4;
    private static final int MEMORY = 4096;
    private static final int MIN_SAMPLES = 1000;
    private static final int REFRESH = 32;

    private final DecayingHistogram histogram = new DecayingHistogram(BINS, MEMORY);
    private long samples;
    /** The 99th percentile, extrapolated further out for a tail heavier than a Gaussian's ({@link #heaviness}). */
    private double quantile = Double.NaN;

    void add(double absZ) {
        if (!(absZ >= 0)) {
            return;
        }
        int bin = absZ <= 0 ? 0 : (int) Math.floor((Math.log(absZ) * (1 / Math.log(2)) - LOG2_LOW) * PER_OCTAVE);
        bin = Math.max(0, Math.min(BINS - 1, bin));
        histogram.add(bin);
        samples++;
        if (samples >= MIN_SAMPLES && samples % REFRESH == 0) {
            double q = compute(QUANTILE);
            quantile = q * heaviness(q / compute(BODY));
        }
    }

    /**
     * Forgets the histogram, keeping the bar learned so far until {@link #MIN_SAMPLES} new residuals have
     * been seen: for when the model the residuals come from has just changed (the season has settled), so
     * the errors of a model still learning do not hold the bar up for weeks.
     */
    void restart() {
        histogram.clear();
        samples = 0;
    }

    /**
     * @param spread the 99th over the 90th percentile
     * @return how much further out than the 99th percentile the bar belongs: 1 up to a bin beyond a Gaussian's
     *     spread, beyond it the square of the excess (a power-law tail, two decades further out)
     */
    static double heaviness(double spread) {
        double excess = spread / (GAUSSIAN_SPREAD * BIN);
        return excess <= 1 ? 1 : excess * excess;
    }

    /** @return the upper edge of the bin holding quantile {@code q}, the lowest edge when nothing is learned */
    private double compute(double q) {
        return Math.pow(2, LOG2_LOW + (histogram.binOf(q) + 1) / PER_OCTAVE);
    }

    /**
     * @return the bar for |z|: the threshold, or {@link #FACTOR} × the learned percentile (extrapolated for a
     *     heavy tail) when higher, at most {@link #MAX_RAISE} × the threshold
     */
    double bar(double threshold) {
        double learned = quantile * FACTOR;
        return learned > threshold ? Math.min(learned, MAX_RAISE * threshold) : threshold;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(samples);
        out.writeDouble(quantile);
        if (samples == 0) {
            return;
        }
        histogram.write(out);
    }

    void read(DataInput in) throws IOException {
        samples = in.readLong();
        quantile = in.readDouble();
        if (samples < 0 || !(Double.isNaN(quantile) || quantile > 0)) {
            throw new IOException("corrupt residual tail");
        }
        if (samples == 0) {
            return;
        }
        histogram.read(in, "residual tail");
    }
}
