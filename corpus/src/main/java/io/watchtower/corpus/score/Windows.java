package io.watchtower.corpus.score;

import io.watchtower.corpus.Anomaly;
import io.watchtower.corpus.LabelledSeries;

import java.util.ArrayList;
import java.util.List;

/** Builds the scoring windows of a series from its labels. */
public final class Windows {

    /** The shortest tail after an anomaly's last row, in rows. */
    public static final int MIN_TAIL_ROWS = 12;

    private Windows() {
    }

    /**
     * @param series the series
     * @return its windows in row order, merged where they overlap; an anomaly that covers no row (all
     *     its rows missing) has none
     */
    public static List<Window> of(LabelledSeries series) {
        List<Window> windows = new ArrayList<>();
        for (Anomaly a : series.anomalies()) {
            int first = series.rowAtOrAfter(a.start());
            int labelledLast = series.rowAtOrAfter(a.end()) - 1;
            if (first >= series.size() || labelledLast < first) {
                continue;
            }
            long tail = Math.max(a.end() - a.start(), MIN_TAIL_ROWS * series.stepMillis());
            int last = Math.max(labelledLast, series.rowAtOrAfter(a.end() + tail) - 1);
            Window.Labelled labelled = new Window.Labelled(a, first, labelledLast);
            Window previous = windows.isEmpty() ? null : windows.get(windows.size() - 1);
            if (previous != null && first <= previous.last()) {
                List<Window.Labelled> both = new ArrayList<>(previous.anomalies());
                both.add(labelled);
                windows.set(windows.size() - 1, new Window(previous.first(), Math.max(previous.last(), last),
                        Math.max(previous.labelledLast(), labelledLast), List.copyOf(both)));
            } else {
                windows.add(new Window(first, last, labelledLast, List.of(labelled)));
            }
        }
        return windows;
    }
}
