package io.watchtower.runtime.series;

import io.watchtower.runtime.signal.SeriesRole;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.baseline.SeriesDetector;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.Check;

import java.util.ArrayList;
import java.util.List;

/** One series: its detector, its last verdict and its recent observations. */
final class TrackedSeries {

    static final int RECENT = 10;
    /** Firings remembered to say how a flapping series flips. */
    static final int FLIPS_KEPT = 16;
    /** Firings further apart than this from the latest are not part of its flapping. */
    static final long FLAP_SPAN_MILLIS = 3_600_000L;

    final SeriesKey key;
    final SeriesRole role;
    final Check check;
    final String component;
    final SeriesDetector detector;
    /** Recent observations, kept raw and formatted only when a signal needs them. */
    private final long[] recentAt = new long[RECENT];
    private final double[] recentValue = new double[RECENT];
    private final String[] recentState = new String[RECENT];
    private int recentNext;
    private int recentCount;
    Verdict last;
    SignalKind firingKind;
    long firingSince = -1;
    /** The monotonic reading the current firing began at, or {@link ProbeResult#NO_MONOTONIC}. */
    long firingMonotonic = ProbeResult.NO_MONOTONIC;
    long learnedSince;
    /** The previous running totals of a ratio reported as totals, or -1 before the first. */
    private long failuresTotal = -1;
    private long attemptsTotal = -1;
    /** The tower's count of completed probes when this series was last observed. */
    long seenAtProbe;
    /** Epoch ms of the series' last observation while it is stale; -1 while observations arrive. */
    long staleSince = -1;
    /** Completed probes of the tower in a row without this series, once stale. */
    int missedProbes;
    /** When its recent firings began (epoch ms), oldest first, at most {@link #FLIPS_KEPT}. */
    private final long[] firedAt = new long[FLIPS_KEPT];
    private int firedCount;

    TrackedSeries(SeriesKey key, SeriesRole role, Check check, String component, SeriesDetector detector,
                  long learnedSince, long seenAtProbe) {
        this.seenAtProbe = seenAtProbe;
        this.key = key;
        this.role = role;
        this.check = check;
        this.component = component;
        this.detector = detector;
        this.learnedSince = learnedSince;
    }

    /**
     * Records running totals of a ratio.
     *
     * @return {failures, attempts} made since the previous totals, or null when there are no
     *     previous totals or either went down (the counters were reset)
     */
    long[] totalsSince(long failures, long attempts) {
        long[] delta = null;
        if (attemptsTotal >= 0 && failures >= failuresTotal && attempts >= attemptsTotal
                && failures - failuresTotal <= attempts - attemptsTotal) {
            delta = new long[] {failures - failuresTotal, attempts - attemptsTotal};
        }
        failuresTotal = failures;
        attemptsTotal = attempts;
        return delta;
    }

    /** Forgets the previous totals: the next totals start afresh. */
    void resetTotals() {
        failuresTotal = -1;
        attemptsTotal = -1;
    }

    void remember(long at, double value, String state) {
        recentAt[recentNext] = at;
        recentValue[recentNext] = value;
        recentState[recentNext] = state;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
    }

    /** Records that a firing began now. */
    void fired(long at) {
        if (firedCount == FLIPS_KEPT) {
            System.arraycopy(firedAt, 1, firedAt, 0, FLIPS_KEPT - 1);
            firedCount--;
        }
        firedAt[firedCount++] = at;
    }

    /**
     * @return how this series flipped: its firings within {@link #FLAP_SPAN_MILLIS} of the latest,
     *     or null with fewer than two remembered (after a restart, for example)
     */
    Signal.Flap flap() {
        if (firedCount < 2) {
            return null;
        }
        long last = firedAt[firedCount - 1];
        int first = firedCount - 1;
        while (first > 0 && last - firedAt[first - 1] <= FLAP_SPAN_MILLIS) {
            first--;
        }
        int flips = firedCount - first;
        if (flips < 2) {
            return null;
        }
        long over = last - firedAt[first];
        return new Signal.Flap(flips, over / 1000, over / (flips - 1) / 1000);
    }

    List<Signal.Recent> recent() {
        List<Signal.Recent> list = new ArrayList<>(recentCount);
        for (int i = 0; i < recentCount; i++) {
            int index = (recentNext - recentCount + i + RECENT) % RECENT;
            double value = recentValue[index];
            list.add(new Signal.Recent(SignalComposer.iso(recentAt[index]), Double.isFinite(value) ? value : null,
                    recentState[index]));
        }
        return list;
    }
}
