package io.watchtower.baseline.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One generated series with its labels: the observations (timestamps may repeat, go backwards or
 * skip), the injected anomalies as sample-index ranges, and windows where an alarm is forbidden
 * even though the value looks unusual (a recurring batch job after the learning period).
 */
final class LabelledSeries {

    /** How an observation is fed to the detector. */
    enum Feed {
        GAUGE,
        COUNTER,
        RATIO
    }

    /** An injected anomaly: samples {@code [start, end)} and its size in noise standard deviations. */
    record Event(int start, int end, double sigmas) {
    }

    final Feed feed;
    final long[] at;
    final double[] value;
    final long[] failures;
    final long[] attempts;
    final List<Event> events = new ArrayList<>();
    final List<int[]> quiet = new ArrayList<>();

    LabelledSeries(Feed feed, int n) {
        this.feed = feed;
        this.at = new long[n];
        this.value = new double[n];
        this.failures = feed == Feed.RATIO ? new long[n] : null;
        this.attempts = feed == Feed.RATIO ? new long[n] : null;
    }

    int size() {
        return at.length;
    }
}
