package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The last few values in arrival order. Their median and spread are needed only when a shift is
 * suspected or adopted, so they are computed on demand by sorting a copy instead of being
 * maintained on every observation. Same serial form as {@link SortedWindow}.
 */
final class RecentValues {

    private final float[] ring;
    private final float[] scratch;
    private int count;
    private int next;

    RecentValues(int capacity) {
        this.ring = new float[capacity];
        this.scratch = new float[capacity];
    }

    void add(double value) {
        ring[next] = (float) value;
        next = next + 1 == ring.length ? 0 : next + 1;
        if (count < ring.length) {
            count++;
        }
    }

    int size() {
        return count;
    }

    void clear() {
        count = 0;
        next = 0;
    }

    /** @return the values in arrival order, oldest first */
    float[] values() {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = ring[(next - count + i + ring.length) % ring.length];
        }
        return out;
    }

    double median() {
        return count == 0 ? Double.NaN : middle(sortedCopy());
    }

    /** @return the median of the newest {@code n} values (all of them when fewer), NaN when empty */
    double medianOfNewest(int n) {
        int k = Math.min(n, count);
        if (k == 0) {
            return Double.NaN;
        }
        for (int i = 0; i < k; i++) {
            scratch[i] = ring[(next - k + i + ring.length) % ring.length];
        }
        Arrays.sort(scratch, 0, k);
        int half = k >>> 1;
        return (k & 1) == 1 ? scratch[half] : ((double) scratch[half - 1] + scratch[half]) / 2;
    }

    /** @return the median absolute deviation from the median, NaN when empty */
    double mad() {
        if (count == 0) {
            return Double.NaN;
        }
        float[] sorted = sortedCopy();
        double m = middle(sorted);
        for (int i = 0; i < count; i++) {
            scratch[i] = (float) Math.abs(sorted[i] - m);
        }
        Arrays.sort(scratch, 0, count);
        return middle(scratch);
    }

    private float[] sortedCopy() {
        System.arraycopy(ring, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        return scratch;
    }

    private double middle(float[] sorted) {
        int half = count >>> 1;
        return (count & 1) == 1 ? sorted[half] : ((double) sorted[half - 1] + sorted[half]) / 2;
    }

    void write(DataOutput out) throws IOException {
        out.writeShort(count);
        for (float v : values()) {
            out.writeFloat(v);
        }
    }

    void read(DataInput in) throws IOException {
        int stored = in.readUnsignedShort();
        for (int i = 0; i < stored; i++) {
            float v = in.readFloat();
            if (!Float.isFinite(v)) {
                throw new IOException("non-finite recent value");
            }
            add(v);
        }
    }
}
