package io.watchtower.corpus.score;

import io.watchtower.corpus.Anomaly;

import java.util.List;

/**
 * The rows of a series in which a page is about a labelled anomaly: from the anomaly's first row to
 * its last plus a tail as long again as the anomaly (at least {@link Windows#MIN_TAIL_ROWS} rows), so
 * that a detector that needs a few samples to be sure is not a miss on a short anomaly. Overlapping
 * windows are merged.
 *
 * @param first first row (inclusive)
 * @param last last row (inclusive)
 * @param labelledLast last row of the labelled anomalies (inclusive), before the tail
 * @param anomalies the anomalies it covers, with their first rows
 */
public record Window(int first, int last, int labelledLast, List<Labelled> anomalies) {

    /**
     * One anomaly of a window.
     *
     * @param anomaly the label
     * @param first its first row
     * @param last its last row (inclusive)
     */
    public record Labelled(Anomaly anomaly, int first, int last) {
    }

    /** @return whether the row is in this window */
    public boolean contains(int row) {
        return row >= first && row <= last;
    }
}
