package io.watchtower.runtime.series;

import io.watchtower.baseline.SeriesDetector;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.spi.Check;

import java.util.ArrayDeque;
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
    private final ArrayDeque<Signal.Recent> recent = new ArrayDeque<>(RECENT);
    Verdict last;
    String firingKind;
    long firingSince = -1;
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

    void remember(Signal.Recent observation) {
        if (recent.size() == RECENT) {
            recent.removeFirst();
        }
        recent.addLast(observation);
    }

    List<Signal.Recent> recent() {
        return new ArrayList<>(recent);
    }
}
