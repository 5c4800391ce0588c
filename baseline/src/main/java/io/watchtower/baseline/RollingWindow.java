package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/** The last {@code capacity} values, with their median and median absolute deviation. */
final class RollingWindow {

    private final double[] values;
    private final double[] scratch;
    private int count;
    private int next;
    private boolean dirty = true;
    private double median = Double.NaN;
    private double mad = Double.NaN;

    RollingWindow(int capacity) {
        this.values = new double[capacity];
        this.scratch = new double[capacity];
    }

    void add(double value) {
        values[next] = value;
        next = (next + 1) % values.length;
        if (count < values.length) {
            count++;
        }
        dirty = true;
    }

    int size() {
        return count;
    }

    double median() {
        refresh();
        return median;
    }

    double mad() {
        refresh();
        return mad;
    }

    private void refresh() {
        if (!dirty) {
            return;
        }
        dirty = false;
        if (count == 0) {
            median = Double.NaN;
            mad = Double.NaN;
            return;
        }
        System.arraycopy(values, 0, scratch, 0, count);
        Arrays.sort(scratch, 0, count);
        median = middle(scratch, count);
        for (int i = 0; i < count; i++) {
            scratch[i] = Math.abs(scratch[i] - median);
        }
        Arrays.sort(scratch, 0, count);
        mad = middle(scratch, count);
    }

    private static double middle(double[] sorted, int n) {
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    void write(DataOutput out) throws IOException {
        out.writeShort(count);
        for (int i = 0; i < count; i++) {
            int index = (next - count + i + values.length) % values.length;
            out.writeFloat((float) values[index]);
        }
    }

    void read(DataInput in) throws IOException {
        int stored = in.readUnsignedShort();
        for (int i = 0; i < stored; i++) {
            add(in.readFloat());
        }
    }
}
