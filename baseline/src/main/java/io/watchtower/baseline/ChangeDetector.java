package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Two-sided tabular CUSUM over standardised residuals: {@code up = max(0, up + z - k)},
 * {@code down = max(0, down - z - k)}. A shift of {@code d > k} robust standard deviations is
 * signalled after about {@code h / (d - k)} observations; shifts smaller than {@code k} never
 * accumulate. Each residual is clamped to {@code ±clamp} first, so one absurd value adds at most
 * {@code clamp - k}: isolated outliers are the point test's business, not this one's. Both
 * statistics are capped at 1.5 limits, so the alarm ends within {@code h / (2k)} observations
 * after the shift does instead of lingering for as long as it lasted.
 */
final class ChangeDetector {

    /** The statistics are capped at this many limits, so an alarm ends soon after its shift does. */
    private static final double CAP = 1.5;

    private final double drift;
    private final double limit;
    private final double clamp;
    private double up;
    private double down;

    ChangeDetector(double drift, double limit, double clamp) {
        this.drift = drift;
        this.limit = limit;
        this.clamp = clamp;
    }

    void update(double z) {
        double c = Math.max(-clamp, Math.min(clamp, z));
        up = Math.min(CAP * limit, Math.max(0, up + c - drift));
        down = Math.min(CAP * limit, Math.max(0, down - c - drift));
    }

    /** @return the upward statistic in units of the limit: 1 at the alarm line */
    double upward() {
        return up / limit;
    }

    /** @return the downward statistic in units of the limit: 1 at the alarm line */
    double downward() {
        return down / limit;
    }

    boolean alarm() {
        return up > limit || down > limit;
    }

    void reset() {
        up = 0;
        down = 0;
    }

    void write(DataOutput out) throws IOException {
        out.writeDouble(up);
        out.writeDouble(down);
    }

    void read(DataInput in) throws IOException {
        up = in.readDouble();
        down = in.readDouble();
        if (!(up >= 0 && down >= 0 && Double.isFinite(up) && Double.isFinite(down))) {
            throw new IOException("corrupt CUSUM state");
        }
    }
}
