package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How a series usually deviates from its slow level at each point of one period (a day or a week),
 * at the sampling resolution: at most {@link #MAX_SLOTS} slots, each as wide as the sampling interval
 * or, for faster sampling, a whole fraction of the period. Slot centres are anchored at the phase of
 * the first observation, so regularly sampled series land exactly on a centre; between centres the
 * offset is interpolated linearly. Each slot is a float offset, optionally a float spread, and a visit
 * count. Offsets are read
 * relative to their mean over the known slots, so the shape cannot absorb the level (the level and the
 * shape would otherwise trade a constant back and forth).
 *
 * <p>A slot takes its first value as it comes (so a recurring pattern, a nightly job included, is known
 * after one cycle) and then follows an exponentially weighted mean with weight
 * {@code max(1/visits, 1/(4 × visits per cycle))}: about the last four cycles. Residuals are
 * clipped to {@code ±CLIP} spreads around the slot, so one anomaly moves a slot by a bounded amount: the
 * series' spread or, in a profile with a spread per slot, the slot's own when larger, and there only from
 * the slot's second cycle on.
 */
final class PeriodicProfile {

    /** Most slots a profile holds: 288 is one per five minutes over a day. */
    static final int MAX_SLOTS = 288;
    private static final double CLIP = 6.0;
    private static final int CYCLES_REMEMBERED = 4;
    /** σ over the mean absolute deviation of a normal distribution, √(π/2). */
    static final double MEAN_ABS_TO_SIGMA = 1.2533;
    private static final long DAY = 86_400_000L;
    /** Local day 0 of the epoch was a Thursday. */
    private static final String[] WEEKDAYS = {"thu", "fri", "sat", "sun", "mon", "tue", "wed"};

    private final long period;
    private final int slots;
    private final double width;
    private final long origin;
    private final int memory;
    private final boolean smooth;
    /** For a profile of whole steps over whole days: the slots of one local day, between which it interpolates; else 0. */
    private final int slotsPerDay;
    private final float[] offset;
    private final float[] spread;
    private final byte[] visits;
    private double sum;
    private int known;

    /**
     * @param period the period in milliseconds
     * @param interval the usual sampling interval in milliseconds
     * @param origin local time of the first observation: slot 0 is centred on its phase
     */
    PeriodicProfile(long period, long interval, long origin, int maxSlots, boolean withSpread) {
        this(period, slotsFor(period, interval, maxSlots), Math.floorMod(origin, period),
                (int) Math.min(250, CYCLES_REMEMBERED * Math.max(1, Math.round(
                        (double) period / Math.max(1, slotsFor(period, interval, maxSlots)) / Math.max(1, interval)))),
                withSpread, true);
    }

    /**
     * A profile of whole steps: slots begin on the hour (of {@code period / maxSlots}). Within a local day
     * the offset is interpolated between slot centres, so it follows a slope inside the hour (the rise of
     * a working-day hump); across midnight it is not, so a change at midnight (the start of a weekend) is
     * a step at midnight rather than a ramp across the neighbouring slots. Before and after the first and
     * last slot centres of a day, the slot's own offset holds.
     */
    static PeriodicProfile steps(long period, long interval, int maxSlots) {
        int slots = slotsFor(period, interval, maxSlots);
        long width = period / Math.max(1, slots);
        return new PeriodicProfile(period, slots, width / 2,
                (int) Math.min(250, CYCLES_REMEMBERED * Math.max(1, Math.round((double) width / Math.max(1, interval)))),
                false, false);
    }

    private PeriodicProfile(long period, int slots, long origin, int memory, boolean withSpread, boolean smooth) {
        this.period = period;
        this.slots = slots;
        this.width = (double) period / slots;
        this.origin = origin;
        this.memory = memory;
        this.smooth = smooth;
        this.offset = new float[slots];
        // whole steps that tile whole local days, the first beginning at midnight (as steps() makes them)
        long perDay = Math.round(DAY / width);
        boolean tilesDays = period % DAY == 0 && perDay > 1 && Math.abs(perDay * width - DAY) < 1
                && Math.abs(origin - width / 2) < 1;
        this.slotsPerDay = !smooth && tilesDays ? (int) perDay : 0;
        this.spread = withSpread ? new float[slots] : null;
        this.visits = new byte[slots];
    }

    /**
     * @return slots for sampling every {@code interval} over {@code period}, at most {@code maxSlots}, 0 when
     *     too coarse (under 8)
     */
    static int slotsFor(long period, long interval, int maxSlots) {
        long perPeriod = Math.round((double) period / Math.max(1, interval));
        return perPeriod < 8 ? 0 : (int) Math.min(Math.min(MAX_SLOTS, maxSlots), perPeriod);
    }

    /** @return the largest magnitude of an offset (relative to their mean) over the known slots */
    double largestOffset() {
        if (known == 0) {
            return 0;
        }
        double mean = sum / known;
        double largest = 0;
        for (int k = 0; k < slots; k++) {
            if (visits[k] != 0) {
                largest = Math.max(largest, Math.abs(offset[k] - mean));
            }
        }
        return largest;
    }

    /** @return the number of slots */
    int slots() {
        return slots;
    }

    /** @return the position of local time {@code t} in slot units, in [0, slots) */
    private double position(long t) {
        return Math.floorMod(t - origin, period) / width;
    }

    /** @return the slot whose centre is nearest to local time {@code t} */
    int slotOf(long t) {
        int k = (int) Math.round(position(t));
        return k == slots ? 0 : k;
    }

    /** @return the usual offset from the slow level at local time {@code t}; 0 where nothing was learned */
    double offset(long t) {
        double p = position(t);
        int k = (int) Math.round(p);
        double frac = p - k;
        if (k == slots) {
            k = 0;
        }
        if (visits[k] == 0) {
            return 0;
        }
        double mean = sum / known;
        if (frac == 0) {
            return offset[k] - mean;
        }
        int neighbour;
        if (smooth) {
            neighbour = frac > 0 ? (k + 1 == slots ? 0 : k + 1) : (k == 0 ? slots - 1 : k - 1);
        } else {
            // whole steps follow a slope within a day, but never across midnight: a weekend starts there
            neighbour = frac > 0 ? k + 1 : k - 1;
            if (slotsPerDay == 0 || neighbour < 0 || neighbour >= slots || neighbour / slotsPerDay != k / slotsPerDay) {
                return offset[k] - mean;
            }
        }
        if (visits[neighbour] == 0) {
            return offset[k] - mean;
        }
        double w = Math.abs(frac);
        return (1 - w) * offset[k] + w * offset[neighbour] - mean;
    }

    /**
     * @return how far values usually stray from the shape at local time {@code t} (a robust standard
     *     deviation; 0 until a slot's second visit), interpolated between the two nearest slots as the
     *     offset is, so the part of the offset taken from a slot holding an edge comes with that slot's
     *     spread: wide where the shape has an edge the slot cannot resolve, or where a recurring burst
     *     varies from one cycle to the next
     */
    double spread(long t) {
        if (spread == null) {
            return 0;
        }
        double p = position(t);
        int k = (int) Math.round(p);
        double frac = p - k;
        if (k == slots) {
            k = 0;
        }
        if (frac == 0 || !smooth) {
            return spread[k];
        }
        int neighbour = frac > 0 ? (k + 1 == slots ? 0 : k + 1) : (k == 0 ? slots - 1 : k - 1);
        if (visits[neighbour] == 0) {
            return spread[k];
        }
        double w = Math.abs(frac);
        return (1 - w) * spread[k] + w * spread[neighbour];
    }

    /**
     * @return whether the slot nearest to local time {@code t} was learned in an earlier cycle than the
     *     current one, so that judging this cycle's values with it is a prediction, not a fit
     */
    boolean predicts(long t) {
        return (visits[slotOf(t)] & 0xff) > memory / CYCLES_REMEMBERED;
    }

    /**
     * Learns one deviation from the slow level, of a reading that lay within the series' band.
     *
     * @param t local time
     * @param residual the value minus the slow level
     * @param spread the current spread of residuals, for the clip
     */
    void learn(long t, double residual, double spread) {
        learn(t, residual, spread, false);
    }

    /**
     * Learns one deviation from the slow level.
     *
     * <p>A slot's first visit is one reading. When that reading lay outside the series' band as it was
     * judged (a burst of a heavy-tailed series on its first day), the slot takes it as it comes — it may be
     * a recurring pattern's edge — but with a spread as large as the deviation itself: one sighting of an
     * out-of-the-ordinary value is no firm expectation, and a slot judged against it alone (its second
     * cycle) is judged with that uncertainty. Visits that agree shrink the spread as any slot's does
     * ({@code 1/visits}, then about four cycles).
     *
     * @param t local time
     * @param residual the value minus the slow level
     * @param spread the current spread of residuals, for the clip
     * @param outsideBand whether the reading lay outside the series' band when it was judged
     */
    void learn(long t, double residual, double spread, boolean outsideBand) {
        int k = slotOf(t);
        int n = visits[k] & 0xff;
        if (n == 0) {
            offset[k] = (float) residual;
            if (outsideBand && this.spread != null) {
                this.spread[k] = (float) Math.min(Float.MAX_VALUE, MEAN_ABS_TO_SIGMA * Math.abs(residual));
            }
            visits[k] = 1;
            sum += offset[k];
            known++;
            return;
        }
        double o = offset[k];
        // over its first cycle a slot with a spread of its own learns what it sees: the series' spread,
        // which the clip would be relative to, says nothing yet about a slot holding an edge (a noise-free
        // square wave has none at all); a correction without its own spread (the weekly one) is always clipped
        double limit = this.spread == null ? CLIP * spread
                : n <= memory / CYCLES_REMEMBERED ? Double.POSITIVE_INFINITY : CLIP * Math.max(spread, this.spread[k]);
        double r = limit > 0 && Double.isFinite(limit) ? Math.max(o - limit, Math.min(o + limit, residual)) : residual;
        if (n < 255) {
            n++;
            visits[k] = (byte) n;
        }
        double a = 1.0 / Math.min(n, memory);
        offset[k] = (float) (o + (r - o) * a);
        if (this.spread != null) {
            this.spread[k] = (float) (this.spread[k] + (MEAN_ABS_TO_SIGMA * Math.abs(r - o) - this.spread[k]) * a);
        }
        sum += offset[k] - o;
        if ((n & 63) == 0 && k == 0) {
            resum();
        }
    }

    /** Recomputes the sum of the offsets, so rounding cannot accumulate. */
    private void resum() {
        double total = 0;
        for (int i = 0; i < slots; i++) {
            if (visits[i] != 0) {
                total += offset[i];
            }
        }
        sum = total;
    }

    /**
     * @param slot a slot, as {@link #slotOf(long)} gives it
     * @return its label, for example {@code day+14:05} or {@code week+sat-20:00}
     */
    String labelOfSlot(int slot) {
        long centre = Math.floorMod(origin + Math.round(slot * width), period);
        long minutes = centre / 60_000L;
        String clock = twoDigits((int) (minutes / 60 % 24)) + ":" + twoDigits((int) (minutes % 60));
        if (period > 86_400_000L) {
            return "week+" + WEEKDAYS[(int) (minutes / 1440 % 7)] + "-" + clock;
        }
        return "day+" + clock;
    }

    private static String twoDigits(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(period);
        out.writeShort(slots);
        out.writeLong(origin);
        out.writeByte(memory);
        out.writeByte((spread != null ? 1 : 0) | (smooth ? 2 : 0));
        for (int k = 0; k < slots; k++) {
            out.writeByte(visits[k]);
            if (visits[k] != 0) {
                out.writeFloat(offset[k]);
                if (spread != null) {
                    out.writeFloat(spread[k]);
                }
            }
        }
    }

    static PeriodicProfile read(DataInput in) throws IOException {
        long period = in.readLong();
        int slots = in.readUnsignedShort();
        long origin = in.readLong();
        int memory = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        boolean withSpread = (flags & 1) != 0;
        if (flags > 3) {
            throw new IOException("corrupt periodic profile flags");
        }
        if (period <= 0 || slots < 8 || slots > MAX_SLOTS || origin < 0 || origin >= period || memory < 1) {
            throw new IOException("corrupt periodic profile");
        }
        PeriodicProfile p = new PeriodicProfile(period, slots, origin, memory, withSpread, (flags & 2) != 0);
        for (int k = 0; k < slots; k++) {
            p.visits[k] = in.readByte();
            if (p.visits[k] != 0) {
                p.offset[k] = in.readFloat();
                float spread = withSpread ? in.readFloat() : 0;
                if (withSpread) {
                    p.spread[k] = spread;
                }
                if (!Float.isFinite(p.offset[k]) || !(spread >= 0) || Float.isInfinite(spread)) {
                    throw new IOException("corrupt periodic profile slot");
                }
                p.known++;
            }
        }
        p.resum();
        return p;
    }
}
