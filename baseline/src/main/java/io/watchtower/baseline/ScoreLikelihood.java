package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How surprising a surprise is for this series: the long-run distribution of the series' own point scores, one
 * exponentially decaying histogram per side of the expectation (above, below), 50 bins over [0, 1], forgetting
 * with weight {@code 1/MEMORY} per reading (a week at one reading per five minutes). Its {@link #QUANTILE}
 * ({@link #usual}) is the score this series exceeds on about two readings a week.
 *
 * <p>A series whose bursts cross its bar several times a day learns that a score of that size is ordinary for
 * it; a series that has been calm keeps a distribution far below the alarm line (0.5), and anything that
 * crosses the line is improbable for it. {@link SeriesDetector} starts a page only on a reading whose score lies
 * beyond its side's usual one ({@link #improbable}); once {@link #MIN_SAMPLES} readings over at least
 * {@link #MIN_SPAN_MILLIS} have been learned: before that, the point test alone decides.
 *
 * <p>Readings are learned {@link #PENDING} readings late: the readings leading into a page are the episode, not
 * what is usual, and are forgotten when a page starts ({@link #paged}) — unless the side already finds crossing the
 * line ordinary ({@link #engaged}), where they are one more of the series' bursts.
 */
final class ScoreLikelihood {

    /** The quantile of the point score a reading must exceed to start a page. */
    static final double QUANTILE = 0.999;
    /** Readings learned before the distribution decides... */
    static final int MIN_SAMPLES = 200;
    /** ...over at least this long (a day: the 20-minute recordings never get there). */
    static final long MIN_SPAN_MILLIS = 86_400_000L;
    /** A side whose usual score is at least this finds crossing the alarm line (0.5) ordinary. */
    static final double ENGAGED = 0.55;
    /** Readings held back before they are learned: more than the hysteresis' window of five. */
    static final int PENDING = 8;
    static final int BINS = 50;
    private static final int MEMORY = 2048;
    private static final int REFRESH = 16;

    private final DecayingHistogram above = new DecayingHistogram(BINS, MEMORY);
    private final DecayingHistogram below = new DecayingHistogram(BINS, MEMORY);
    private long samples;
    private long firstAt = Long.MIN_VALUE;
    private long lastAt = Long.MIN_VALUE;
    private double usualAbove = Double.NaN;
    private double usualBelow = Double.NaN;
    /** Held-back scores, signed: negative below the expectation. */
    private final float[] pending = new float[PENDING];
    private int pendingNext;
    private int pendingCount;

    /**
     * Learns a reading judged while the series was not firing, {@link #PENDING} readings late.
     *
     * @param at epoch milliseconds
     * @param score its point score, in [0, 1]
     * @param up whether it lay above the expectation
     */
    void learn(long at, double score, boolean up) {
        float signed = (float) (up ? clip(score) : -clip(score));
        if (pendingCount == PENDING) {
            add(pending[pendingNext], at);
        } else {
            pendingCount++;
        }
        pending[pendingNext] = signed;
        pendingNext = (pendingNext + 1) % PENDING;
    }

    /**
     * A page started on a reading on this side: the readings held back led into it. They are forgotten, unless
     * the side finds crossing the alarm line ordinary.
     *
     * @param at epoch milliseconds
     * @param up whether the reading that started it lay above the expectation
     */
    void paged(long at, boolean up) {
        if (engaged(up)) {
            for (int i = 0; i < pendingCount; i++) {
                add(pending[(pendingNext - pendingCount + i + PENDING) % PENDING], at);
            }
        }
        pendingCount = 0;
        pendingNext = 0;
    }

    /** @return whether enough readings over enough time have been learned for the distribution to decide */
    boolean mature() {
        return samples >= MIN_SAMPLES && lastAt - firstAt >= MIN_SPAN_MILLIS;
    }

    /**
     * @param up the side
     * @return whether the distribution is mature and this side's usual score is beyond the alarm line: a reading
     *     that crosses the line is one of this series' ordinary bursts, unless it is also beyond its usual score
     */
    boolean engaged(boolean up) {
        return mature() && usual(up) >= ENGAGED;
    }

    /**
     * @param up the side
     * @return the {@link #QUANTILE} of this side's point scores as learned (the upper edge of its bin), NaN before
     *     anything was learned
     */
    double usual(boolean up) {
        return up ? usualAbove : usualBelow;
    }

    /**
     * @param score a reading's point score
     * @param up whether it lies above the expectation
     * @return whether it is improbable for this series: the distribution is not mature, the score lies beyond its
     *     side's usual one, or that usual one is in the top bin (a distribution saturated there cannot tell)
     */
    boolean improbable(double score, boolean up) {
        double usual = usual(up);
        return !mature() || score > usual || usual >= 1;
    }

    private static double clip(double score) {
        return Math.max(0, Math.min(1, score));
    }

    private void add(double signed, long at) {
        above.add(bin(Math.max(0, signed)));
        below.add(bin(Math.max(0, -signed)));
        if (firstAt == Long.MIN_VALUE) {
            firstAt = at;
        }
        lastAt = Math.max(lastAt, at);
        samples++;
        if (samples % REFRESH == 0 || samples == 1) {
            refresh();
        }
    }

    private static int bin(double score) {
        return Math.min(BINS - 1, (int) (score * BINS));
    }

    private void refresh() {
        usualAbove = quantile(above);
        usualBelow = quantile(below);
    }

    /** @return the upper edge of the bin holding the {@link #QUANTILE}, 0 when nothing is learned */
    private static double quantile(DecayingHistogram side) {
        return (side.binOf(QUANTILE) + 1) / (double) BINS;
    }

    void write(DataOutput out) throws IOException {
        out.writeLong(samples);
        if (samples > 0) {
            out.writeLong(firstAt);
            out.writeLong(lastAt);
            above.write(out);
            below.write(out);
        }
        out.writeByte(pendingCount);
        for (int i = 0; i < pendingCount; i++) {
            out.writeFloat(pending[(pendingNext - pendingCount + i + PENDING) % PENDING]);
        }
    }

    void read(DataInput in) throws IOException {
        samples = in.readLong();
        if (samples < 0) {
            throw new IOException("corrupt score likelihood");
        }
        if (samples > 0) {
            firstAt = in.readLong();
            lastAt = in.readLong();
            if (lastAt < firstAt) {
                throw new IOException("corrupt score likelihood span");
            }
            above.read(in, "score likelihood");
            below.read(in, "score likelihood");
            refresh();
        }
        int n = in.readUnsignedByte();
        if (n > PENDING) {
            throw new IOException("corrupt score likelihood: " + n + " held-back readings");
        }
        pendingCount = 0;
        pendingNext = 0;
        for (int i = 0; i < n; i++) {
            float s = in.readFloat();
            if (!(s >= -1 && s <= 1)) {
                throw new IOException("corrupt score likelihood score");
            }
            pending[pendingNext] = s;
            pendingNext = (pendingNext + 1) % PENDING;
            pendingCount++;
        }
    }
}
