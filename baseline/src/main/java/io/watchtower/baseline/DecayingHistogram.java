package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * An exponentially decaying histogram over fixed bins: every observation forgets the older ones with
 * weight {@code 1/memory}. Instead of decaying every bin at every observation, the weight of new
 * observations grows, and the bins are renormalised on the rare occasion that weight gets large.
 * What a bin means (its edges) is the owner's business; this counts and finds quantiles.
 */
final class DecayingHistogram {

    private final float[] weight;
    private final double growth;
    private double increment = 1;
    private double total;

    /**
     * @param bins how many bins
     * @param memory observations over which an observation's weight falls by a factor of e
     */
    DecayingHistogram(int bins, int memory) {
        this.weight = new float[bins];
        this.growth = 1 / (1 - 1.0 / memory);
    }

    /** @param bin the bin of one new observation */
    void add(int bin) {
        weight[bin] += (float) increment;
        total += increment;
        increment *= growth;
        if (increment > 1e20) {
            for (int i = 0; i < weight.length; i++) {
                weight[i] /= (float) increment;
            }
            total /= increment;
            increment = 1;
        }
    }

    /**
     * @param q a quantile in (0, 1)
     * @return the bin holding it (the highest bin whose weight, with every bin above it, exceeds
     *     {@code (1 - q)} of the total), or -1 when there is none (nothing learned)
     */
    int binOf(double q) {
        double beyond = (1 - q) * total;
        double sum = 0;
        for (int i = weight.length - 1; i >= 0; i--) {
            sum += weight[i];
            if (sum > beyond) {
                return i;
            }
        }
        return -1;
    }

    /** Forgets everything learned. */
    void clear() {
        Arrays.fill(weight, 0f);
        increment = 1;
        total = 0;
    }

    /**
     * Writes the bins' weights, relative to the newest observation's.
     *
     * @param out where to
     * @throws IOException when writing fails
     */
    void write(DataOutput out) throws IOException {
        for (float w : weight) {
            out.writeFloat((float) (w / increment));
        }
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param in where from
     * @param what what the histogram is, for the error
     * @throws IOException when reading fails or a weight is negative, infinite or not a number
     */
    void read(DataInput in, String what) throws IOException {
        clear();
        for (int i = 0; i < weight.length; i++) {
            weight[i] = in.readFloat();
            if (!(weight[i] >= 0) || Float.isInfinite(weight[i])) {
                throw new IOException("corrupt " + what + " bin");
            }
            total += weight[i];
        }
    }
}
