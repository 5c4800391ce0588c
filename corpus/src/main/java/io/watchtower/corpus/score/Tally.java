package io.watchtower.corpus.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The scores of a group of series (a family, or the whole corpus) added up. */
public final class Tally {

    private final List<SeriesScore> scores = new ArrayList<>();

    /** Adds one series' score. */
    public Tally add(SeriesScore s) {
        scores.add(s);
        return this;
    }

    /** @return the series' scores added so far */
    public List<SeriesScore> scores() {
        return List.copyOf(scores);
    }

    /** @return series in the group */
    public int series() {
        return scores.size();
    }

    /** @return weeks the group's series cover */
    public double weeks() {
        return scores.stream().mapToDouble(s -> s.series().weeks()).sum();
    }

    /** @return windows */
    public int windows() {
        return scores.stream().mapToInt(s -> s.windows().size()).sum();
    }

    /** @return windows paged */
    public int hits() {
        return scores.stream().mapToInt(SeriesScore::hits).sum();
    }

    /** @return pages outside every window */
    public int outside() {
        return scores.stream().mapToInt(SeriesScore::outside).sum();
    }

    /** @return all pages */
    public int pages() {
        return scores.stream().mapToInt(SeriesScore::pages).sum();
    }

    /** @return pages outside windows per series-week; NaN for no time */
    public double outsidePerSeriesWeek() {
        double weeks = weeks();
        return weeks > 0 ? outside() / weeks : Double.NaN;
    }

    /** @return the median delay in rows over the paged anomalies; NaN when none was paged */
    public double medianDelay() {
        return median(scores.stream().flatMap(s -> s.anomalies().stream()).filter(SeriesScore.AnomalyPage::hit)
                .mapToInt(SeriesScore.AnomalyPage::delay).toArray());
    }

    /**
     * The normalised score: 0 for a detector that never pages, 100 for one that pages at the first row
     * of every window and nowhere else; negative when pages outside windows cost more than the hits
     * earn. NaN for a group without windows (its pages outside are in the corpus total).
     */
    public double score(Weighting w) {
        double raw = 0;
        double never = 0;
        double perfect = 0;
        for (SeriesScore s : scores) {
            raw += s.raw(w);
            never += s.never(w);
            perfect += s.perfect(w);
        }
        return perfect > never ? 100 * (raw - never) / (perfect - never) : Double.NaN;
    }

    static double median(int[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        int[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }
}
