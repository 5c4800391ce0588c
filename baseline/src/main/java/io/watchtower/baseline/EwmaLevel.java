package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Exponentially weighted mean and variance. The first observations are averaged plainly (the
 * weight is {@code max(alpha, 1/n)}) so the estimate does not start biased towards zero. Callers
 * clip outliers before they are learned.
 */
final class EwmaLevel {

    private final double alpha;
    private double mean = Double.NaN;
    private double variance;
    private long n;

    EwmaLevel(double alpha) {
        this.alpha = alpha;
    }

    void add(double value) {
        n++;
        if (n == 1) {
            mean = value;
            variance = 0;
            return;
        }
        double a = Math.max(alpha, 1.0 / n);
        double diff = value - mean;
        double increment = a * diff;
        mean += increment;
        variance = (1 - a) * (variance + diff * increment);
    }

    double mean() {
        return mean;
    }

    /** @return the standard deviation, NaN before the first value */
    double deviation() {
        return n == 0 ? Double.NaN : Math.sqrt(variance);
    }

    long count() {
        return n;
    }

    void reset() {
        n = 0;
        mean = Double.NaN;
        variance = 0;
    }

    void shift(double delta) {
        mean += delta;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(n);
        out.writeDouble(mean);
        out.writeDouble(variance);
    }

    void read(DataInput in) throws IOException {
        n = in.readLong();
        mean = in.readDouble();
        variance = in.readDouble();
        if (n < 0 || (n > 0 && !(Double.isFinite(mean) && variance >= 0 && Double.isFinite(variance)))) {
            throw new IOException("corrupt EWMA state");
        }
    }
}
