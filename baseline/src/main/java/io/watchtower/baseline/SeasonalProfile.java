package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * How a series usually deviates from its level at each hour of the week: 168 weekday × hour
 * buckets and, learned faster because every day feeds them, 24 hour-of-day buckets. Each bucket
 * holds an offset from the level and a spread (robust standard deviation), as floats, with a
 * count. A bucket with fewer than {@code minSamples} observations is blended with the coarser
 * profile: a weekday bucket with the hour-of-day bucket, an hour-of-day bucket with the global
 * level and spread.
 *
 * <p>Updates are exponentially weighted with weight {@code 1/min(count, memory)}; callers pass
 * residuals already clipped to the band, and the first residuals of a bucket are clipped to
 * {@code CLIP} spreads, so one absurd value moves a bucket by a bounded amount.
 */
final class SeasonalProfile {

    static final int WEEK_BUCKETS = 168;
    static final int DAY_BUCKETS = 24;
    private static final int BUCKETS = WEEK_BUCKETS + DAY_BUCKETS;
    private static final double CLIP = 6.0;
    private static final double MEAN_ABS_TO_SIGMA = 1.2533;
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] LABELS = new String[BUCKETS];

    static {
        for (int b = 0; b < WEEK_BUCKETS; b++) {
            LABELS[b] = DAYS[b / 24] + "-" + twoDigits(b % 24) + "h";
        }
        for (int h = 0; h < DAY_BUCKETS; h++) {
            LABELS[WEEK_BUCKETS + h] = twoDigits(h) + "h";
        }
    }

    private final ZoneRules rules;
    private final long fixedOffsetMillis;
    private final int minSamples;
    private final double perSample;
    private final int memory;
    private final short[] count = new short[BUCKETS];
    private final float[] offset = new float[BUCKETS];
    private final float[] spread = new float[BUCKETS];

    private long cachedFrom = Long.MAX_VALUE;
    private long cachedUntil = Long.MIN_VALUE;
    private int cachedBucket;

    SeasonalProfile(ZoneId zone, int minSamples, int memory) {
        this.rules = zone.getRules();
        this.fixedOffsetMillis = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L
                : Long.MIN_VALUE;
        this.minSamples = minSamples;
        this.perSample = 1.0 / minSamples;
        this.memory = Math.min(memory, Short.MAX_VALUE);
    }

    private static String twoDigits(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    /** @return the weekday × hour bucket (0 = Monday 00h … 167 = Sunday 23h) of {@code at} */
    int bucketOf(long at) {
        if (at >= cachedFrom && at < cachedUntil) {
            return cachedBucket;
        }
        long offsetMillis = fixedOffsetMillis != Long.MIN_VALUE ? fixedOffsetMillis
                : rules.getOffset(Instant.ofEpochMilli(at)).getTotalSeconds() * 1000L;
        long local = at + offsetMillis;
        long hourStart = Math.floorDiv(local, 3_600_000L) * 3_600_000L;
        long day = Math.floorDiv(local, 86_400_000L);
        int hour = (int) ((hourStart - day * 86_400_000L) / 3_600_000L);
        int weekday = (int) Math.floorMod(day + 3, 7L); // 1970-01-01 was a Thursday
        cachedFrom = hourStart - offsetMillis;
        cachedUntil = cachedFrom + 3_600_000L;
        cachedBucket = weekday * 24 + hour;
        return cachedBucket;
    }

    private static int dayBucket(int bucket) {
        return WEEK_BUCKETS + bucket % 24;
    }

    private double weight(int b) {
        return Math.min(1.0, count[b] * perSample);
    }

    /**
     * @return the offset from the level expected at {@code at} in {@code bucket}, interpolated
     *     linearly between the centres of adjacent hour buckets unless one of them is bursty
     *     (its spread more than twice the other's)
     */
    double offset(long at, int bucket, double global) {
        double frac = (at - cachedFrom) / 3_600_000.0 - 0.5;
        if (at < cachedFrom || at >= cachedUntil || frac == 0) {
            return offset(bucket);
        }
        int neighbour = frac < 0 ? (bucket + WEEK_BUCKETS - 1) % WEEK_BUCKETS : (bucket + 1) % WEEK_BUCKETS;
        double own = spread(bucket, global);
        double other = spread(neighbour, global);
        if (other > 2 * own || own > 2 * other) {
            return offset(bucket); // a bursty neighbour (a batch job) says nothing about this hour's shape
        }
        double w = Math.abs(frac);
        return (1 - w) * offset(bucket) + w * offset(neighbour);
    }

    /** @return the offset from the level expected in {@code bucket} as a whole */
    double offset(int bucket) {
        int d = dayBucket(bucket);
        double ww = weight(bucket);
        double wd = weight(d);
        return ww * offset[bucket] + (1 - ww) * wd * offset[d];
    }

    /** @return the spread expected in {@code bucket}, falling back to {@code global} while thin */
    double spread(int bucket, double global) {
        int d = dayBucket(bucket);
        double ww = weight(bucket);
        double wd = weight(d);
        double daily = wd * spread[d] + (1 - wd) * global;
        return ww * spread[bucket] + (1 - ww) * daily;
    }

    /** @return whether the weekday × hour bucket has enough observations */
    boolean mature(int bucket) {
        return count[bucket] >= minSamples;
    }

    /** @return the name of the most specific bucket that is at least half trusted, or "global" */
    String label(int bucket) {
        if (weight(bucket) >= 0.5) {
            return LABELS[bucket];
        }
        int d = dayBucket(bucket);
        return weight(d) >= 0.5 ? LABELS[d] : "global";
    }

    /**
     * Learns one residual (observation minus level) in {@code bucket} and its hour-of-day bucket.
     *
     * @param residual the residual, already clipped to the band by the caller
     * @param global the global spread, the starting spread of an empty bucket
     */
    void learn(int bucket, double residual, double global) {
        update(bucket, residual, global);
        update(dayBucket(bucket), residual, global);
    }

    private void update(int b, double residual, double global) {
        int n = count[b];
        if (n == 0) {
            double s = global > 0 && Double.isFinite(global) ? global : Math.abs(residual) * 0.1;
            double r = Math.max(-CLIP * s, Math.min(CLIP * s, residual));
            offset[b] = (float) r;
            spread[b] = (float) s;
            count[b] = 1;
            return;
        }
        double o = offset[b];
        double s = spread[b];
        double limit = CLIP * Math.max(s, global > 0 ? global * 0.1 : 0);
        double r = limit > 0 ? Math.max(o - limit, Math.min(o + limit, residual)) : residual;
        if (n < Short.MAX_VALUE) {
            n++;
            count[b] = (short) n;
        }
        double a = 1.0 / Math.min(n, memory);
        double diff = r - o;
        offset[b] = (float) (o + a * diff);
        spread[b] = (float) (s + a * (MEAN_ABS_TO_SIGMA * Math.abs(diff) - s));
    }

    boolean empty() {
        for (short c : count) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    void write(DataOutput out) throws IOException {
        for (int b = 0; b < BUCKETS; b++) {
            out.writeShort(count[b]);
            if (count[b] > 0) {
                out.writeFloat(offset[b]);
                out.writeFloat(spread[b]);
            }
        }
    }

    void read(DataInput in) throws IOException {
        for (int b = 0; b < BUCKETS; b++) {
            count[b] = in.readShort();
            if (count[b] < 0) {
                throw new IOException("corrupt season bucket count");
            }
            if (count[b] > 0) {
                offset[b] = in.readFloat();
                spread[b] = in.readFloat();
                if (!Float.isFinite(offset[b]) || !(spread[b] >= 0) || !Float.isFinite(spread[b])) {
                    throw new IOException("corrupt season bucket");
                }
            }
        }
    }
}
