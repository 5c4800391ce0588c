package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The last {@code capacity} values with their median and median absolute deviation, maintained
 * incrementally: values are kept both in arrival order (a ring) and sorted; adding one removes the
 * oldest and inserts the new one by binary search, so an update costs one array shift instead of a
 * sort. The MAD is found in O(log n) by a binary search over the two sorted runs of distances on
 * either side of the median.
 *
 * <p>Values are stored as floats: that halves the memory and makes a snapshot restore exactly the
 * state that was saved.
 */
final class SortedWindow {

    private final float[] ring;
    private final float[] sorted;
    private int count;
    private int next;

    SortedWindow(int capacity) {
        this.ring = new float[capacity];
        this.sorted = new float[capacity];
    }

    void add(double value) {
        float v = (float) value + 0.0f; // folds -0.0 into 0.0
        if (count == ring.length) {
            float oldest = ring[next];
            int at = indexOf(oldest);
            // shift the gap towards the insertion point instead of removing and inserting
            int insert = insertionPoint(v);
            if (insert <= at) {
                System.arraycopy(sorted, insert, sorted, insert + 1, at - insert);
                sorted[insert] = v;
            } else {
                System.arraycopy(sorted, at + 1, sorted, at, insert - at - 1);
                sorted[insert - 1] = v;
            }
        } else {
            int insert = insertionPoint(v);
            System.arraycopy(sorted, insert, sorted, insert + 1, count - insert);
            sorted[insert] = v;
            count++;
        }
        ring[next] = v;
        next = next + 1 == ring.length ? 0 : next + 1;
    }

    /** @return the first index whose value is not below {@code v} (branch-free lower bound) */
    private int insertionPoint(float v) {
        if (count == 0) {
            return 0;
        }
        int base = 0;
        int n = count;
        while (n > 1) {
            int half = n >>> 1;
            base = sorted[base + half] < v ? base + half : base;
            n -= half;
        }
        return sorted[base] < v ? base + 1 : base;
    }

    private int indexOf(float v) {
        int i = insertionPoint(v);
        return i < count && Float.compare(sorted[i], v) == 0 ? i : linearIndexOf(v);
    }

    private int linearIndexOf(float v) {
        // only reached for -0.0/0.0 pairs, which compare equal but differ bitwise
        for (int i = 0; i < count; i++) {
            if (sorted[i] == v) {
                return i;
            }
        }
        throw new IllegalStateException("window lost a value");
    }

    int size() {
        return count;
    }

    double median() {
        if (count == 0) {
            return Double.NaN;
        }
        int half = count >>> 1;
        return (count & 1) == 1 ? sorted[half] : ((double) sorted[half - 1] + sorted[half]) / 2;
    }

    /** @return the median absolute deviation from the median, NaN when empty */
    double mad() {
        if (count == 0) {
            return Double.NaN;
        }
        double m = median();
        // the distances to the median, in increasing order, form two sorted runs: below the median
        // m - sorted[split - 1], m - sorted[split - 2], ... and above it sorted[split] - m, ...;
        // the MAD is the middle of their merge, found by binary search without merging
        int split = insertionPointAtLeast(m);
        int below = split;
        int above = count - split;
        int k = (count - 1) >>> 1;
        int lo = Math.max(0, k + 1 - above);
        int hi = Math.min(k + 1, below);
        while (lo < hi) {
            int i = (lo + hi) >>> 1; // take i distances from below and k + 1 - i from above
            int j = k + 1 - i;
            boolean more = m - sorted[split - 1 - i] < sorted[split + j - 1] - m;
            lo = more ? i + 1 : lo;
            hi = more ? hi : i;
        }
        int j = k + 1 - lo;
        double fromBelow = lo > 0 ? m - sorted[split - lo] : Double.NEGATIVE_INFINITY;
        double fromAbove = j > 0 ? sorted[split + j - 1] - m : Double.NEGATIVE_INFINITY;
        double kth = Math.max(fromBelow, fromAbove);
        if ((count & 1) == 1) {
            return kth;
        }
        // an even count also needs the next distance: the smaller of the two runs' next ones
        double nextBelow = lo < below ? m - sorted[split - 1 - lo] : Double.POSITIVE_INFINITY;
        double nextAbove = j < above ? sorted[split + j] - m : Double.POSITIVE_INFINITY;
        return (kth + Math.min(nextBelow, nextAbove)) / 2;
    }

    private int insertionPointAtLeast(double m) {
        int base = 0;
        int n = count;
        while (n > 1) {
            int half = n >>> 1;
            base = sorted[base + half] < m ? base + half : base;
            n -= half;
        }
        return sorted[base] < m ? base + 1 : base;
    }

    /** Adds {@code delta} to every value (a rebase to a new level keeps the spread). */
    void shift(double delta) {
        for (int i = 0; i < count; i++) {
            ring[i] = (float) (ring[i] + delta);
        }
        rebuildSorted();
    }

    /** @return the values in arrival order, oldest first */
    float[] values() {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = ring[(next - count + i + ring.length) % ring.length];
        }
        return out;
    }

    private void rebuildSorted() {
        System.arraycopy(ring, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
    }

    void clear() {
        count = 0;
        next = 0;
    }

    void write(DataOutput out) throws IOException {
        out.writeShort(count);
        for (int i = 0; i < count; i++) {
            out.writeFloat(ring[(next - count + i + ring.length) % ring.length]);
        }
    }

    void read(DataInput in) throws IOException {
        int stored = in.readUnsignedShort();
        for (int i = 0; i < stored; i++) {
            float v = in.readFloat();
            if (!Float.isFinite(v)) {
                throw new IOException("non-finite value in window");
            }
            add(v);
        }
    }
}
