package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;

/**
 * Which period a series follows, if any, and its usual shape over that period.
 *
 * <p>The reference the shapes are learned from is the <b>mean over the last day</b> (the latest value of
 * each daily slot), which holds no trace of a daily swing; before a day has been seen, and for series
 * sampled too coarsely for daily slots, a time-based EWMA with a one-day time constant. A daily and a
 * weekly {@link PeriodicProfile} learn how values deviate from it, starting once a full day is known:
 * the daily shape at the sampling resolution (at most 288 slots, each with its spread), and the weekly
 * profile (at most 168 slots, whole local hours, not interpolated) as a correction on top of it for each
 * hour of the week (weekends), so its coarser slots never blur a sharp daily edge and a weekend starts at
 * midnight.
 * The profiles are created once the sampling interval is known (the median of the first eight
 * intervals). Each candidate — no period, daily, weekly — is scored by the mean squared error its
 * prediction (slow level plus its offset) would have made, each error clipped to six spreads and
 * exponentially weighted over about two days. A period is <b>chosen</b> once it has been seen twice and its error is below
 * {@link #SIMPLER} of the simpler candidate's, so a series that merely wanders is not forced into a
 * shape; the choice moves only when another candidate is clearly better.
 */
final class Seasonality {

    static final long DAY = 86_400_000L;
    static final long WEEK = 7 * DAY;
    /** A more complex candidate must make at most this fraction of the simpler one's error. */
    private static final double SIMPLER = 0.8;
    /** A change of choice needs the new candidate to be this much better than the current one. */
    private static final double SWITCH = 0.9;
    private static final int INTERVALS = 8;
    /** Daily slots: one per five minutes at most. */
    private static final int DAY_SLOTS = 288;
    /** Weekly slots: one per hour at most; the weekly profile is a smooth correction of the daily shape. */
    private static final int WEEK_SLOTS = 168;
    private static final double ERROR_CLIP = 6.0;

    /** The candidate periods. */
    enum Period {
        NONE,
        DAY,
        WEEK
    }

    private final ZoneRules rules;
    private final long fixedOffsetMillis;
    private final long[] intervals = new long[INTERVALS];
    private int intervalCount;
    private long firstAt = Long.MIN_VALUE;
    private long lastAt = Long.MIN_VALUE;
    private long interval;
    private PeriodicProfile day;
    private PeriodicProfile week;
    private long profilesSince = Long.MIN_VALUE;
    private double slowLevel = Double.NaN;
    /** The latest value seen in each daily slot: their mean is the level over the last day. */
    private float[] lastDay;
    private double lastDaySum;
    private int lastDayKnown;
    private final double[] error = new double[3];
    private final long[] errorSamples = new long[3];
    private long learned;
    private Period chosen = Period.NONE;
    private long weeklyCheckedAt = Long.MIN_VALUE;
    private double weeklyShape;
    /** The last instant turned into local time, and its local time: one observation asks several times. */
    private long localFor = Long.MIN_VALUE;
    private long localTime;
    /** The last label made, and which period and slot it names: consecutive observations share a slot. */
    private String label;
    private Period labelPeriod;
    private int labelSlot = -1;

    Seasonality(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixedOffsetMillis = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L
                : Long.MIN_VALUE;
    }

    private long local(long at) {
        if (at != localFor) {
            localTime = at + (fixedOffsetMillis != Long.MIN_VALUE ? fixedOffsetMillis
                    : rules.getOffset(Instant.ofEpochMilli(at)).getTotalSeconds() * 1000L);
            localFor = at;
        }
        return localTime;
    }

    /** @return the chosen period */
    Period chosen() {
        return chosen;
    }

    /** @return whether the choice of period has had two days of evidence */
    boolean settled(long at) {
        return profilesSince != Long.MIN_VALUE && at - profilesSince >= 2 * DAY;
    }

    /**
     * @return whether the weekly correction shows a structure (somewhere in the week it moves the daily
     *     shape by more than {@code 2 × spread}) that is not yet used: the series has weekdays unlike
     *     each other and the weekly profile has not been chosen yet, for at most three weeks
     */
    boolean weeklyPending(long at, double spread) {
        if (week == null || chosen == Period.WEEK || profilesSince == Long.MIN_VALUE
                || at - profilesSince >= 3 * WEEK) {
            return false;
        }
        if (weeklyCheckedAt == Long.MIN_VALUE || at - weeklyCheckedAt >= DAY / 24 || at < weeklyCheckedAt) {
            weeklyCheckedAt = at;
            weeklyShape = week.largestOffset();
        }
        return spread > 0 && weeklyShape > 2 * spread;
    }

    /** @return the usual offset from the level at {@code at} under the chosen period */
    double offset(long at) {
        switch (chosen) {
            case DAY:
                return day.offset(local(at));
            case WEEK:
                long t = local(at);
                return day.offset(t) + week.offset(t);
            default:
                return 0;
        }
    }

    /** @return how far values usually stray from the chosen shape at {@code at}, 0 without a period */
    double spread(long at) {
        switch (chosen) {
            case DAY:
                return day.spread(local(at));
            case WEEK:
                long t = local(at);
                return day.spread(t);
            default:
                return 0;
        }
    }

    /** @return the name of where the expectation at {@code at} came from: a slot label, or "global" */
    String label(long at) {
        PeriodicProfile profile = chosen == Period.DAY ? day : chosen == Period.WEEK ? week : null;
        if (profile == null) {
            return "global";
        }
        int slot = profile.slotOf(local(at));
        if (chosen != labelPeriod || slot != labelSlot) {
            label = profile.labelOfSlot(slot);
            labelPeriod = chosen;
            labelSlot = slot;
        }
        return label;
    }

    /**
     * Learns one observation that lay within the series' band.
     *
     * @param at epoch milliseconds, after the previous observation's
     * @param value the value (the detector has already clamped absurd magnitudes)
     * @param accepted the value clipped to the usual band, which is what the slow level learns
     * @param spread the current spread of residuals
     */
    void learn(long at, double value, double accepted, double spread) {
        learn(at, value, accepted, spread, false);
    }

    /**
     * Learns one observation.
     *
     * @param at epoch milliseconds, after the previous observation's
     * @param value the value (the detector has already clamped absurd magnitudes)
     * @param accepted the value clipped to the usual band, which is what the slow level learns
     * @param spread the current spread of residuals
     * @param outsideBand whether the value lay outside the series' band: a daily slot first seen with it
     *     learns it with a spread as wide as its deviation ({@link PeriodicProfile#learn(long, double, double, boolean)})
     */
    void learn(long at, double value, double accepted, double spread, boolean outsideBand) {
        long previous = lastAt;
        lastAt = at;
        learned++;
        if (firstAt == Long.MIN_VALUE) {
            firstAt = at;
        } else if (day == null && week == null && intervalCount < INTERVALS) {
            intervals[intervalCount++] = at - previous;
            if (intervalCount == INTERVALS) {
                createProfiles(at);
            }
        }
        long t = local(at);
        boolean full = profilesSince != Long.MIN_VALUE && at - profilesSince >= DAY;
        if (full && !Double.isNaN(slowLevel)) {
            double limit = ERROR_CLIP * spread;
            double r = value - slowLevel;
            track(Period.NONE, r, limit);
            if (day != null && day.predicts(t)) {
                track(Period.DAY, r - day.offset(t), limit);
            }
            if (week != null && week.predicts(t) && day.predicts(t)) {
                track(Period.WEEK, r - day.offset(t) - week.offset(t), limit);
            }
            choose(at);
        }
        double ownOffset = chosen == Period.WEEK ? day.offset(t) + week.offset(t) : day != null ? day.offset(t) : 0;
        double deseasonalised = accepted - ownOffset;
        if (Double.isNaN(slowLevel)) {
            slowLevel = deseasonalised;
        } else {
            double x = (at - previous) / (double) DAY;
            double decay = x < 0.01 ? x * (1 - x * 0.5) : -Math.expm1(-x);
            // a plain mean until a day's worth of observations, then the one-day time constant
            double a = Math.max(decay, 1.0 / learned);
            slowLevel += a * (deseasonalised - slowLevel);
        }
        if (day != null) {
            rememberDay(day.slotOf(t), accepted);
            if (full && lastDayKnown > 0) {
                // the mean over the last day holds no trace of a daily swing: the reference the shapes learn from
                slowLevel = lastDaySum / lastDayKnown;
            }
        }
        if (full && day != null) {
            // the weekly correction learns what the daily shape leaves; the daily shape never learns from it,
            // so the two cannot trade a daily swing back and forth
            day.learn(t, value - slowLevel, spread, outsideBand);
            if (week != null) {
                week.learn(t, value - slowLevel - day.offset(t), spread);
            }
        }
    }

    private void rememberDay(int slot, double value) {
        float old = lastDay[slot];
        float v = (float) value;
        if (Float.isNaN(old)) {
            lastDayKnown++;
            lastDaySum += v;
        } else {
            lastDaySum += v - old;
        }
        lastDay[slot] = v;
        if (slot == 0) {
            double total = 0;
            for (float f : lastDay) {
                if (!Float.isNaN(f)) {
                    total += f;
                }
            }
            lastDaySum = total;
        }
    }

    private void createProfiles(long at) {
        long[] sorted = intervals.clone();
        Arrays.sort(sorted);
        interval = Math.max(1, (sorted[INTERVALS / 2 - 1] + sorted[INTERVALS / 2]) / 2);
        long origin = local(firstAt);
        if (PeriodicProfile.slotsFor(DAY, interval, DAY_SLOTS) > 0) {
            day = new PeriodicProfile(DAY, interval, origin, DAY_SLOTS, true);
            lastDay = new float[day.slots()];
            Arrays.fill(lastDay, Float.NaN);
        }
        if (day != null && PeriodicProfile.slotsFor(WEEK, interval, WEEK_SLOTS) > 0) {
            week = PeriodicProfile.steps(WEEK, interval, WEEK_SLOTS);
        }
        profilesSince = at;
    }

    private void track(Period p, double residual, double limit) {
        double e = Math.abs(residual);
        if (limit > 0 && Double.isFinite(limit)) {
            e = Math.min(e, limit);
        }
        // squared: a short recurring feature (a nightly job) counts for what it is against a noisy rest
        e *= e;
        double samplesPerTwoDays = 2.0 * DAY / interval;
        long n = ++errorSamples[p.ordinal()];
        double a = 1.0 / Math.min(n, samplesPerTwoDays);
        error[p.ordinal()] += a * (e - error[p.ordinal()]);
    }

    private void choose(long at) {
        Period best = Period.NONE;
        double bestScore = error[0];
        if (day != null && at - profilesSince >= 2 * DAY && error[1] < SIMPLER * bestScore) {
            best = Period.DAY;
            bestScore = error[1];
        }
        // the weekly profile is a correction of the daily shape, not a model of its own: once it has
        // predicted a whole week it is used whenever it does at least as well as the daily shape alone
        if (week != null && best == Period.DAY && at - profilesSince >= DAY + WEEK && error[2] <= bestScore) {
            best = Period.WEEK;
            bestScore = error[2];
        }
        if (best != chosen && bestScore < SWITCH * error[chosen.ordinal()]) {
            chosen = best;
        }
    }

    void write(DataOutput out) throws IOException {
        out.writeByte(intervalCount);
        for (int i = 0; i < intervalCount; i++) {
            out.writeLong(intervals[i]);
        }
        out.writeLong(firstAt);
        out.writeLong(lastAt);
        out.writeLong(interval);
        out.writeLong(profilesSince);
        out.writeDouble(slowLevel);
        for (double e : error) {
            out.writeDouble(e);
        }
        for (long n : errorSamples) {
            out.writeLong(n);
        }
        out.writeLong(learned);
        out.writeByte(chosen.ordinal());
        out.writeBoolean(day != null);
        if (day != null) {
            day.write(out);
            for (float f : lastDay) {
                out.writeFloat(f);
            }
        }
        out.writeBoolean(week != null);
        if (week != null) {
            week.write(out);
        }
    }

    void read(DataInput in) throws IOException {
        intervalCount = in.readUnsignedByte();
        if (intervalCount > INTERVALS) {
            throw new IOException("corrupt interval count");
        }
        for (int i = 0; i < intervalCount; i++) {
            intervals[i] = in.readLong();
        }
        firstAt = in.readLong();
        lastAt = in.readLong();
        interval = in.readLong();
        profilesSince = in.readLong();
        slowLevel = in.readDouble();
        for (int i = 0; i < error.length; i++) {
            error[i] = in.readDouble();
            if (!(error[i] >= 0) || Double.isInfinite(error[i])) {
                throw new IOException("corrupt season error");
            }
        }
        for (int i = 0; i < errorSamples.length; i++) {
            errorSamples[i] = in.readLong();
            if (errorSamples[i] < 0) {
                throw new IOException("corrupt season error count");
            }
        }
        learned = in.readLong();
        int c = in.readUnsignedByte();
        if (c >= Period.values().length) {
            throw new IOException("corrupt season choice");
        }
        chosen = Period.values()[c];
        labelSlot = -1; // new profiles: the last label may name another slot
        day = in.readBoolean() ? PeriodicProfile.read(in) : null;
        if (day != null) {
            lastDay = new float[day.slots()];
            lastDaySum = 0;
            lastDayKnown = 0;
            for (int k = 0; k < lastDay.length; k++) {
                lastDay[k] = in.readFloat();
                if (Float.isInfinite(lastDay[k])) {
                    throw new IOException("corrupt daily level");
                }
                if (!Float.isNaN(lastDay[k])) {
                    lastDaySum += lastDay[k];
                    lastDayKnown++;
                }
            }
        }
        week = in.readBoolean() ? PeriodicProfile.read(in) : null;
        if ((chosen != Period.NONE && day == null) || (chosen == Period.WEEK && week == null)) {
            throw new IOException("season chose a period it has no profile for");
        }
    }

    /** @return the slow level the profiles' offsets are relative to, NaN before the first observation */
    double slowLevel() {
        return slowLevel;
    }

    /**
     * Moves the slow level by {@code delta}, when the detector adopts a shifted level. The last day's
     * values move with it: the level is their mean, and left where they were they would pull it back to
     * the old level on the next observation, and the shapes would learn the shift as part of the day.
     */
    void shiftLevel(double delta) {
        if (Double.isNaN(slowLevel) || !Double.isFinite(delta)) {
            return;
        }
        slowLevel += delta;
        if (lastDay != null) {
            double total = 0;
            for (int k = 0; k < lastDay.length; k++) {
                if (!Float.isNaN(lastDay[k])) {
                    lastDay[k] = (float) (lastDay[k] + delta);
                    total += lastDay[k];
                }
            }
            lastDaySum = total;
        }
    }

    /** Seeds the slow level from an older snapshot's level, when that is all there is. */
    void seedLevel(double level, long at) {
        if (Double.isNaN(slowLevel) && !Double.isNaN(level)) {
            slowLevel = level;
            lastAt = at;
        }
    }
}
