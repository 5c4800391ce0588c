package io.watchtower.runtime.api;

import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.series.SeriesView;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recent history of every series as the status page draws it: its last verdicts, each a value
 * with the expected value and band it was judged against.
 */
public final class BandHistory {

    /**
     * One point.
     *
     * @param at epoch ms
     * @param value value (NaN for a state series)
     * @param expected expected
     * @param lower band
     * @param upper band
     * @param state the categorical value of a state series, otherwise null
     * @param firing whether the series was firing after it
     */
    record Point(long at, double value, double expected, double lower, double upper, String state, boolean firing) {
    }

    private static final int KEEP = 120;
    private final Map<String, Deque<Point>> points = new HashMap<>();

    /**
     * Takes the latest verdict of each series (call it at least as often as towers probe).
     *
     * @param views every series
     */
    public synchronized void sample(List<SeriesView> views) {
        Set<String> seen = new HashSet<>();
        for (SeriesView v : views) {
            String id = v.key().id();
            seen.add(id);
            Verdict last = v.last();
            if (last == null) {
                continue;
            }
            Deque<Point> d = points.computeIfAbsent(id, k -> new ArrayDeque<>());
            if (!d.isEmpty() && d.peekLast().at() >= last.at()) {
                continue;
            }
            d.addLast(new Point(last.at(), last.value(), last.expected(), last.lower(), last.upper(), last.state(),
                    last.firing()));
            if (d.size() > KEEP) {
                d.removeFirst();
            }
        }
        points.keySet().retainAll(seen);
    }

    synchronized List<Point> of(String series) {
        Deque<Point> d = points.get(series);
        return d == null ? List.of() : List.copyOf(d);
    }
}
