package io.watchtower.corpus.generate;

import io.watchtower.corpus.Anomaly;
import io.watchtower.corpus.LabelledSeries;
import io.watchtower.corpus.Trait;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A series being generated: a regular grid of values that shapes add to, noise perturbs and faults
 * change (labelling what they change), all drawn from one seeded random source so that the same
 * calls give the same series on every run and every JVM. Transcendental functions are
 * {@link StrictMath}'s, whose results are fixed bit for bit ({@code Math}'s may differ by an ulp
 * between platforms).
 */
final class SeriesDraft {

    /** Monday 2026-01-05 00:00 UTC: where every generated series starts. */
    static final long EPOCH = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    static final long WEEK = 7 * DAY;

    final String name;
    final String family;
    final long step;
    final double[] values;
    final SplittableRandom random;
    private final boolean[] dropped;
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Set<Trait> traits = EnumSet.noneOf(Trait.class);
    private long cycle;
    private double spareGaussian = Double.NaN;
    /** Standard deviation of the noise added so far: the unit of planted anomalies' sizes. */
    double noiseSigma;

    SeriesDraft(String name, String family, long step, long duration, long seed) {
        this.name = name;
        this.family = family;
        this.step = step;
        int n = Math.toIntExact(duration / step);
        this.values = new double[n];
        this.dropped = new boolean[n];
        this.random = new SplittableRandom(seed);
    }

    /**
     * @return a standard normal draw (Box–Muller through {@link StrictMath}, so the same seed gives the
     *     same bits on every JVM and platform, which {@code Random.nextGaussian}'s {@code Math} calls
     *     do not promise)
     */
    double gaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u = 1 - random.nextDouble();  // (0, 1]: the logarithm stays finite
        double v = random.nextDouble();
        double r = StrictMath.sqrt(-2 * StrictMath.log(u));
        spareGaussian = r * StrictMath.sin(2 * StrictMath.PI * v);
        return r * StrictMath.cos(2 * StrictMath.PI * v);
    }

    int size() {
        return values.length;
    }

    /** @return epoch milliseconds of row {@code i} */
    long at(int i) {
        return EPOCH + i * step;
    }

    /** @return row index of a time offset from the start */
    int row(long offset) {
        return (int) Math.min(values.length - 1L, Math.max(0, offset / step));
    }

    /** @return how many rows cover {@code duration} (at least one) */
    int rows(long duration) {
        return (int) Math.max(1, duration / step);
    }

    SeriesDraft trait(Trait t) {
        traits.add(t);
        return this;
    }

    SeriesDraft cycle(long millis) {
        this.cycle = millis;
        return this;
    }

    /** Adds {@code f(epochMillis)} to every row. */
    SeriesDraft add(TimeShape f) {
        for (int i = 0; i < values.length; i++) {
            values[i] += f.at(at(i));
        }
        return this;
    }

    /** Labels rows [from, to) as an anomaly (what the fault did is up to the caller). */
    void label(int from, int to, String kind, double sigma) {
        anomalies.add(new Anomaly(at(from), at(to), kind, sigma));
    }

    /** Drops row {@code i}: it is not in the CSV at all. */
    void drop(int i) {
        dropped[i] = true;
    }

    /** Clamps every value to at least {@code floor} (quantities that cannot go negative). */
    SeriesDraft floor(double floor) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < floor) {
                values[i] = floor;
            }
        }
        return this;
    }

    /** Rounds every value to a multiple of {@code quantum} (sensor resolution, integer counts). */
    SeriesDraft quantise(double quantum) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                values[i] = Math.round(values[i] / quantum) * quantum;
            }
        }
        return this;
    }

    /**
     * Picks {@code count} start rows for anomalies of up to {@code length} rows, after {@code fromRow},
     * at least {@code gap} rows apart from one another and from the end, in time order.
     */
    int[] places(int count, int fromRow, int length, int gap) {
        return places(count, fromRow, values.length, length, gap);
    }

    /** As {@link #places(int, int, int, int)}, all ending before {@code toRow}. */
    int[] places(int count, int fromRow, int toRow, int length, int gap) {
        int span = Math.min(toRow, values.length) - fromRow - length - gap;
        if (span < count * (length + gap)) {
            throw new IllegalStateException(name + ": no room for " + count + " anomalies of " + length + " rows");
        }
        // equal slots, a random position inside each: spaced, yet not on a regular beat
        int slot = span / count;
        int[] starts = new int[count];
        for (int k = 0; k < count; k++) {
            int free = Math.max(1, slot - length - gap);
            starts[k] = fromRow + k * slot + random.nextInt(free);
        }
        return starts;
    }

    LabelledSeries build() {
        anomalies.sort((a, b) -> Long.compare(a.start(), b.start()));
        int kept = 0;
        for (boolean d : dropped) {
            kept += d ? 0 : 1;
        }
        long[] at = new long[kept];
        double[] v = new double[kept];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (!dropped[i]) {
                at[j] = at(i);
                v[j] = values[i];
                j++;
            }
        }
        return new LabelledSeries(name, family, step, at, v, anomalies, traits, cycle);
    }

    /** A deterministic function of time added to a series. */
    @FunctionalInterface
    interface TimeShape {
        /** @return the contribution at epoch milliseconds {@code t} */
        double at(long t);
    }
}
