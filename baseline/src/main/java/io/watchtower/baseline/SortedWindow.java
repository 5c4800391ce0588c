package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The last {@code capacity} values with their median and median absolute deviation, maintained
 * incrementally: values are kept both in arrival order (a ring) and sorted; adding one removes the
 * oldest and inserts the new one by binary search, so an update costs one array shift instead of a
 * sort. The MAD is found by walking outwards from the median over the sorted values.
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

    private int insertionPoint(float v) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
        // the distances to the median, taken in increasing order, come from two sorted runs:
        // sorted[lo], sorted[lo-1], ... below it and sorted[hi], sorted[hi+1], ... above it
        int hi = insertionPointAtLeast(m);
        int lo = hi - 1;
        int target = (count - 1) >>> 1;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= target + ((count & 1) == 0 ? 1 : 0); rank++) {
            double below = lo >= 0 ? m - sorted[lo] : Double.POSITIVE_INFINITY;
            double above = hi < count ? sorted[hi] - m : Double.POSITIVE_INFINITY;
            previous = current;
            if (below <= above) {
                current = below;
                lo--;
            } else {
                current = above;
                hi++;
            }
        }
        return (count & 1) == 1 ? current : (previous + current) / 2;
    }

    private int insertionPointAtLeast(double m) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < m) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
