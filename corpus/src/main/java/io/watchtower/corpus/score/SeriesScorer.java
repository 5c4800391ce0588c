package io.watchtower.corpus.score;

import io.watchtower.corpus.LabelledSeries;
import io.watchtower.corpus.Trait;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores a firing column the on-call way: each rise of {@code firing} from 0 to 1 is a page (the
 * first row counts as a rise when it fires); the first page inside a window is a hit, rewarded by
 * its {@link Earliness}; further pages in the same window cost nothing; every page outside every
 * window is a false page.
 */
public final class SeriesScorer {

    /** Cycles a periodic series is given to learn before its pages count against the target. */
    public static final int LEARNING_CYCLES = 3;

    private SeriesScorer() {
    }

    /**
     * @param series the labelled series
     * @param firing the detector's firing state after each row, one per row
     * @return the score
     */
    public static SeriesScore score(LabelledSeries series, boolean[] firing) {
        if (firing.length != series.size()) {
            throw new IllegalArgumentException(series.name() + ": " + firing.length + " firing rows for "
                    + series.size() + " rows");
        }
        List<Window> windows = Windows.of(series);
        List<Integer> pages = new ArrayList<>();
        for (int i = 0; i < firing.length; i++) {
            if (firing[i] && (i == 0 || !firing[i - 1])) {
                pages.add(i);
            }
        }
        long learnedAt = series.cycleMillis() > 0 && series.size() > 0
                ? series.at()[0] + LEARNING_CYCLES * series.cycleMillis() : Long.MAX_VALUE;
        int outside = 0;
        int afterCycles = 0;
        int w = 0;
        for (int page : pages) {
            while (w < windows.size() && windows.get(w).last() < page) {
                w++;
            }
            if (w == windows.size() || !windows.get(w).contains(page)) {
                outside++;
                if (series.at()[page] >= learnedAt) {
                    afterCycles++;
                }
            }
        }
        List<SeriesScore.WindowPage> windowPages = new ArrayList<>();
        List<SeriesScore.AnomalyPage> anomalyPages = new ArrayList<>();
        int held = 0;
        for (Window window : windows) {
            int first = firstPage(pages, window.first(), window.last());
            windowPages.add(new SeriesScore.WindowPage(window, first));
            for (Window.Labelled a : window.anomalies()) {
                int page = firstPage(pages, a.first(), window.last());
                anomalyPages.add(new SeriesScore.AnomalyPage(a, page < 0 ? -1 : page - a.first()));
            }
            if (first >= 0 && first <= window.labelledLast() && heldThroughEach(firing, window, first)) {
                held++;
            }
        }
        return new SeriesScore(series, pages.size(), outside, windowPages, anomalyPages,
                series.traits().contains(Trait.PERIODIC_CLEAN) ? afterCycles : 0, held);
    }

    private static int firstPage(List<Integer> pages, int from, int to) {
        for (int page : pages) {
            if (page >= from && page <= to) {
                return page;
            }
            if (page > to) {
                break;
            }
        }
        return -1;
    }

    /**
     * Whether, from the window's first page on, each of its labelled anomalies fires without a break
     * to its own last row. Between two anomalies merged into one window the fault is off, and resolving
     * there is right; an anomaly the firing never reaches is not held.
     */
    private static boolean heldThroughEach(boolean[] firing, Window window, int firstPage) {
        for (Window.Labelled a : window.anomalies()) {
            int from = Math.max(firstPage, a.first());
            while (from <= a.last() && !firing[from]) {
                from++;
            }
            if (from > a.last() || !firesThrough(firing, from, a.last())) {
                return false;
            }
        }
        return true;
    }

    private static boolean firesThrough(boolean[] firing, int from, int to) {
        for (int i = from; i <= to; i++) {
            if (!firing[i]) {
                return false;
            }
        }
        return true;
    }
}
