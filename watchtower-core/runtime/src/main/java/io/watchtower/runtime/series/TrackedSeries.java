package io.watchtower.runtime.series;

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

    TrackedSeries(SeriesKey key, SeriesRole role, Check check, String component, SeriesDetector detector,
                  long learnedSince) {
        this.key = key;
        this.role = role;
        this.check = check;
        this.component = component;
        this.detector = detector;
        this.learnedSince = learnedSince;
    }

    void remember(long at, double value, String state) {
        recentAt[recentNext] = at;
        recentValue[recentNext] = value;
        recentState[recentNext] = state;
        recentNext = (recentNext + 1) % RECENT;
        recentCount = Math.min(RECENT, recentCount + 1);
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
