package io.watchtower.corpus.score;

import io.watchtower.corpus.LabelledSeries;

import java.util.List;

/**
 * How a detector's firing column scored on one series.
 *
 * @param series the series
 * @param pages every rise of {@code firing} from 0 to 1
 * @param outside pages outside every window
 * @param windows per window, the row of its first page, or -1 for a miss
 * @param anomalies per labelled anomaly, whether it was paged and after how many rows
 * @param pagesAfterCycles pages outside windows after the series' first three cycles (0 without a cycle)
 * @param held windows paged and, from the page on, firing without a break to the last row of each of
 *     their labelled anomalies (resolving between two anomalies merged into one window is right)
 */
public record SeriesScore(LabelledSeries series, int pages, int outside, List<WindowPage> windows,
                          List<AnomalyPage> anomalies, int pagesAfterCycles, int held) {

    /**
     * @param window the window
     * @param firstPage the row of its first page, -1 when missed
     */
    public record WindowPage(Window window, int firstPage) {
        /** @return whether the window was paged */
        public boolean hit() {
            return firstPage >= 0;
        }
    }

    /**
     * @param labelled the anomaly
     * @param delay rows from its first row to the first page at or after it in its window; -1 when missed
     */
    public record AnomalyPage(Window.Labelled labelled, int delay) {
        /** @return whether it was paged */
        public boolean hit() {
            return delay >= 0;
        }
    }

    /** @return windows paged */
    public int hits() {
        return (int) windows.stream().filter(WindowPage::hit).count();
    }

    /** @return windows missed */
    public int misses() {
        return windows.size() - hits();
    }

    /** @return the raw score under a weighting: earliness-scaled hits, minus misses and pages outside */
    public double raw(Weighting w) {
        double sum = 0;
        for (WindowPage p : windows) {
            sum += p.hit() ? w.hit() * Earliness.of(p.firstPage(), p.window().first(), p.window().last()) : -w.miss();
        }
        return sum - w.falsePage() * outside;
    }

    /** @return the raw score of a detector that never pages: every window missed */
    public double never(Weighting w) {
        return -w.miss() * windows.size();
    }

    /** @return the raw score of a perfect detector: every window paged at its first row, nothing else */
    public double perfect(Weighting w) {
        return w.hit() * Earliness.best() * windows.size();
    }
}
