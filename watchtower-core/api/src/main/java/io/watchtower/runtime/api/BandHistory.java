package io.watchtower.runtime.api;

import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.SeriesKey;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent history of every series as the status page draws it: its last verdicts, each a value
 * with the expected value and band it was judged against. Kept by tower, so that a probe's result
 * is sampled by looking at that tower's series only.
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
    /** By tower id, then by series. */
    private final Map<String, Map<SeriesKey, Deque<Point>>> towers = new HashMap<>();

    /**
     * Takes the latest verdict of every series of the daemon, and forgets the series not among them.
     *
     * @param views every series
     */
    public synchronized void sample(List<SeriesView> views) {
        Map<String, Map<SeriesKey, Verdict>> byTower = new HashMap<>();
        for (SeriesView v : views) {
            byTower.computeIfAbsent(v.key().tower(), t -> new LinkedHashMap<>()).put(v.key(), v.last());
        }
        towers.keySet().retainAll(byTower.keySet());
        byTower.forEach(this::sampleTower);
    }

    /**
     * Takes the latest verdict of each series of one tower (call it after each of the tower's probes is
     * judged), forgets that tower's series not among them, and the towers no longer registered.
     *
     * @param tower the tower whose probe was judged
     * @param verdicts each of its series with its last verdict (null when it has none yet)
     * @param registered the ids of the towers registered now
     */
    public synchronized void sample(String tower, Map<SeriesKey, Verdict> verdicts, Collection<String> registered) {
        towers.keySet().retainAll(registered);
        if (registered.contains(tower)) {
            sampleTower(tower, verdicts);
        }
    }

    private void sampleTower(String tower, Map<SeriesKey, Verdict> verdicts) {
        Map<SeriesKey, Deque<Point>> points = towers.computeIfAbsent(tower, t -> new HashMap<>());
        points.keySet().retainAll(verdicts.keySet());
        verdicts.forEach((key, last) -> {
            if (last == null) {
                return;
            }
            Deque<Point> d = points.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (!d.isEmpty() && d.peekLast().at() >= last.at()) {
                return;
            }
            d.addLast(new Point(last.at(), last.value(), last.expected(), last.lower(), last.upper(), last.state(),
                    last.firing()));
            if (d.size() > KEEP) {
                d.removeFirst();
            }
        });
    }

    synchronized List<Point> of(SeriesKey series) {
        Map<SeriesKey, Deque<Point>> points = towers.get(series.tower());
        Deque<Point> d = points == null ? null : points.get(series);
        return d == null ? List.of() : List.copyOf(d);
    }
}
