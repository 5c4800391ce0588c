package io.watchtower.launcher.replay;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What the chart of a replay needs from its rows, in memory bounded by the chart's resolution
 * rather than the number of rows: at most {@code capacity} columns, each holding its rows' minimum
 * and maximum value (so spikes stay visible), its last expected value and band, and whether it
 * fired. When the columns are full, neighbours are merged pairwise and each column covers twice as
 * many rows from then on. The vertical range is taken from a fixed-size uniform sample of the
 * values and band edges (all of them while they fit; deterministic: the sample's generator is seeded).
 */
final class ChartColumns {

    /** Values kept for the vertical range; series smaller than this are ranged exactly. */
    static final int SAMPLE = 1 << 16;

    private final int capacity;
    private final double[] lo;
    private final double[] hi;
    private final double[] exp;
    private final double[] low;
    private final double[] up;
    private final boolean[] firing;
    private int used;
    private long rowsPerColumn = 1;
    private long inColumn;
    private long rows;
    private ReplayRow first;
    private ReplayRow last;
    private final double[] sample = new double[SAMPLE];
    private int sampled;
    private long offered;
    private final SplittableRandom random = new SplittableRandom(0x5eedL);

    /** @param capacity the most columns kept; even, at least 2 */
    ChartColumns(int capacity) {
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be even and at least 2: " + capacity);
        }
        this.capacity = capacity;
        this.lo = nans(capacity);
        this.hi = nans(capacity);
        this.exp = nans(capacity);
        this.low = nans(capacity);
        this.up = nans(capacity);
        this.firing = new boolean[capacity];
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Adds the next row, in input order. */
    void add(ReplayRow r) {
        if (used == 0 || inColumn == rowsPerColumn) {
            if (used == capacity) {
                halve();
            }
            used++;
            inColumn = 0;
        }
        int c = used - 1;
        if (Double.isFinite(r.value())) {
            lo[c] = Double.isNaN(lo[c]) ? r.value() : Math.min(lo[c], r.value());
            hi[c] = Double.isNaN(hi[c]) ? r.value() : Math.max(hi[c], r.value());
            offer(r.value());
        }
        if (Double.isFinite(r.expected())) {
            exp[c] = r.expected();
            low[c] = r.lower();
            up[c] = r.upper();
            offer(r.lower());
            offer(r.upper());
        }
        firing[c] |= r.firing();
        inColumn++;
        rows++;
        if (first == null) {
            first = r;
        }
        last = r;
    }

    private void halve() {
        for (int i = 0; i < capacity / 2; i++) {
            int a = 2 * i;
            lo[i] = lo[a];
            hi[i] = hi[a];
            exp[i] = exp[a];
            low[i] = low[a];
            up[i] = up[a];
            firing[i] = firing[a];
            merge(this, i, a + 1);
        }
        for (int i = capacity / 2; i < capacity; i++) {
            lo[i] = hi[i] = exp[i] = low[i] = up[i] = Double.NaN;
            firing[i] = false;
        }
        used = capacity / 2;
        rowsPerColumn *= 2;
    }

    /** Folds column {@code from} of this into column {@code into} of {@code target} (which comes first in time). */
    private void merge(ChartColumns target, int into, int from) {
        if (!Double.isNaN(lo[from])) {
            target.lo[into] = Double.isNaN(target.lo[into]) ? lo[from] : Math.min(target.lo[into], lo[from]);
            target.hi[into] = Double.isNaN(target.hi[into]) ? hi[from] : Math.max(target.hi[into], hi[from]);
        }
        if (!Double.isNaN(exp[from])) {
            target.exp[into] = exp[from];
            target.low[into] = low[from];
            target.up[into] = up[from];
        }
        target.firing[into] |= firing[from];
    }

    private void offer(double v) {
        offered++;
        if (sampled < SAMPLE) {
            sample[sampled++] = v;
        } else {
            long j = random.nextLong(offered);
            if (j < SAMPLE) {
                sample[(int) j] = v;
            }
        }
    }

    /**
     * @param width the most columns wanted
     * @return these columns, neighbours merged down to at most {@code width}
     */
    ChartColumns fitTo(int width) {
        int columns = Math.max(1, Math.min(width, used));
        ChartColumns fitted = new ChartColumns(Math.max(2, columns + columns % 2));
        fitted.used = used == 0 ? 0 : columns;
        for (int c = 0; c < used; c++) {
            merge(fitted, (int) ((long) c * columns / used), c);
        }
        fitted.rows = rows;
        fitted.first = first;
        fitted.last = last;
        return fitted;
    }

    /** @return the vertical range {min, max}: the 0.5th and 99.5th percentile of the sample, or null without values */
    double[] range() {
        if (sampled == 0) {
            return null;
        }
        double[] sorted = Arrays.copyOf(sample, sampled);
        Arrays.sort(sorted);
        return new double[] {sorted[(int) (0.005 * (sampled - 1))], sorted[(int) Math.ceil(0.995 * (sampled - 1))]};
    }

    int columns() {
        return used;
    }

    long rows() {
        return rows;
    }

    ReplayRow first() {
        return first;
    }

    ReplayRow last() {
        return last;
    }

    double lo(int c) {
        return lo[c];
    }

    double hi(int c) {
        return hi[c];
    }

    double expected(int c) {
        return exp[c];
    }

    double lower(int c) {
        return low[c];
    }

    double upper(int c) {
        return up[c];
    }

    boolean firing(int c) {
        return firing[c];
    }
}
