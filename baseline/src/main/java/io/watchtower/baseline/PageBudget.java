package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Pages per series per week, as a count that decays with a one-week time constant; a page within two
 * hours of the last one counted is part of its incident and not counted again. Beyond
 * {@link #PER_WEEK} pages a week the series has shown that its usual band is too narrow for how
 * it behaves: every further page raises its bar by a quarter of the threshold, up to
 * {@link #MAX_FACTOR} times. The raised bar shows in the verdict's band; as the count decays, the
 * bar comes back down.
 */
final class PageBudget {

    static final double PER_WEEK = 2.0;
    static final double MAX_FACTOR = 2.0;
    private static final double STEP = 0.25;
    private static final double WEEK = 7 * 86_400_000.0;
    /** Pages within this long of the last page counted belong to its incident. */
    static final long INCIDENT = 2 * 3_600_000L;

    private double pages;
    private long at = Long.MIN_VALUE;

    /**
     * Records a page at {@code now}. A page within {@link #INCIDENT} of the last page counted is the same
     * incident flapping (a ramp crossing the band edge several times), not more evidence that the band is
     * too narrow: it is not counted.
     */
    void paged(long now) {
        if (at != Long.MIN_VALUE && now >= at && now - at < INCIDENT) {
            return;
        }
        decay(now);
        pages += 1;
    }

    private void decay(long now) {
        if (at != Long.MIN_VALUE && now > at) {
            pages *= Math.exp(-(now - at) / WEEK);
        }
        at = Math.max(at, now);
    }

    /** @return the factor the bar is raised by at {@code now}: 1 within the budget */
    double factor(long now) {
        if (pages <= PER_WEEK) {
            return 1;
        }
        double p = at != Long.MIN_VALUE && now > at ? pages * Math.exp(-(now - at) / WEEK) : pages;
        return p <= PER_WEEK ? 1 : Math.min(MAX_FACTOR, 1 + STEP * (p - PER_WEEK));
    }

    void write(DataOutput out) throws IOException {
        out.writeDouble(pages);
        out.writeLong(at);
    }

    void read(DataInput in) throws IOException {
        pages = in.readDouble();
        at = in.readLong();
        if (!(pages >= 0) || Double.isInfinite(pages)) {
            throw new IOException("corrupt page budget");
        }
    }
}
