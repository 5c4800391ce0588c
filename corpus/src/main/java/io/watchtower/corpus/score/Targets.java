package io.watchtower.corpus.score;

import io.watchtower.corpus.Trait;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The targets of the detection issue, measured on a corpus run: periodic series without anomaly page
 * no more after three cycles; bursty counts page at most once per series-week outside windows;
 * planted anomalies of at least 5 σ are paged (recall ≥ 0.9) within a median of 3 rows; a stuck
 * backlog, once paged, keeps firing while it lasts.
 */
public final class Targets {

    /** Planted anomalies at least this many σ count for the recall target. */
    public static final double LARGE_SIGMA = 5;

    private final List<SeriesScore> scores;

    /** @param scores a corpus run's series scores */
    public Targets(List<SeriesScore> scores) {
        this.scores = List.copyOf(scores);
    }

    /** @return pages after three cycles on periodic series without anomaly (target 0) */
    public int periodicPagesAfterCycles() {
        return scores.stream().filter(s -> s.series().traits().contains(Trait.PERIODIC_CLEAN))
                .mapToInt(SeriesScore::pagesAfterCycles).sum();
    }

    /** @return periodic series without anomaly */
    public int periodicSeries() {
        return (int) scores.stream().filter(s -> s.series().traits().contains(Trait.PERIODIC_CLEAN)).count();
    }

    /** @return periodic series without anomaly that paged after three cycles */
    public int periodicSeriesPaging() {
        return (int) scores.stream().filter(s -> s.series().traits().contains(Trait.PERIODIC_CLEAN))
                .filter(s -> s.pagesAfterCycles() > 0).count();
    }

    /** @return the tally of the bursty series */
    public Tally bursty() {
        Tally t = new Tally();
        scores.stream().filter(s -> s.series().traits().contains(Trait.BURSTY)).forEach(t::add);
        return t;
    }

    /** @return the worst bursty series' pages outside windows per series-week; NaN without bursty series */
    public double worstBursty() {
        return scores.stream().filter(s -> s.series().traits().contains(Trait.BURSTY))
                .mapToDouble(s -> s.outside() / s.series().weeks()).max().orElse(Double.NaN);
    }

    /** @return the planted anomalies of at least {@link #LARGE_SIGMA} */
    public List<SeriesScore.AnomalyPage> large() {
        List<SeriesScore.AnomalyPage> large = new ArrayList<>();
        for (SeriesScore s : scores) {
            for (SeriesScore.AnomalyPage a : s.anomalies()) {
                if (a.labelled().anomaly().atLeast(LARGE_SIGMA)) {
                    large.add(a);
                }
            }
        }
        return large;
    }

    /** @return recall over the planted anomalies of at least 5 σ; NaN when there are none */
    public double largeRecall() {
        List<SeriesScore.AnomalyPage> large = large();
        return large.isEmpty() ? Double.NaN : large.stream().filter(SeriesScore.AnomalyPage::hit).count() / (double) large.size();
    }

    /** @return the median delay in rows of the paged anomalies of at least 5 σ; NaN when none was paged */
    public double largeMedianDelay() {
        return Tally.median(large().stream().filter(SeriesScore.AnomalyPage::hit).mapToInt(SeriesScore.AnomalyPage::delay).toArray());
    }

    /** @return windows of series whose anomalies must stay firing */
    public int stuckWindows() {
        return scores.stream().filter(s -> s.series().traits().contains(Trait.STAYS_BAD)).mapToInt(s -> s.windows().size()).sum();
    }

    /** @return of those, the windows paged and firing without a break to their last labelled row */
    public int stuckHeld() {
        return scores.stream().filter(s -> s.series().traits().contains(Trait.STAYS_BAD)).mapToInt(SeriesScore::held).sum();
    }

    /** @return the report lines, each with its target and whether it is met */
    public String render() {
        StringBuilder b = new StringBuilder();
        int after = periodicPagesAfterCycles();
        b.append(periodicSeries() == 0 ? "periodic without anomaly: no series\n" : String.format(Locale.ROOT,
                "periodic without anomaly: %d page(s) after %d cycles in %d of %d series (target 0)%s%n",
                after, SeriesScorer.LEARNING_CYCLES, periodicSeriesPaging(), periodicSeries(), mark(after == 0)));
        Tally bursty = bursty();
        double worst = worstBursty();
        b.append(bursty.series() == 0 ? "bursty counts: no series\n" : String.format(Locale.ROOT,
                "bursty counts: %.2f page(s) per series-week outside windows, worst series %.2f (target <= 1)%s%n",
                bursty.outsidePerSeriesWeek(), worst, mark(worst <= 1)));
        List<SeriesScore.AnomalyPage> large = large();
        double recall = largeRecall();
        double delay = largeMedianDelay();
        b.append(large.isEmpty() ? "planted >= 5 σ: no such anomaly\n" : String.format(Locale.ROOT,
                "planted >= %.0f σ: recall %.3f of %d (target >= 0.9), median delay %s rows (target <= 3)%s%n",
                LARGE_SIGMA, recall, large.size(), ScoreTable.number(delay, 1), mark(recall >= 0.9 && delay <= 3)));
        int windows = stuckWindows();
        int held = stuckHeld();
        b.append(windows == 0 ? "stuck lag: no series\n" : String.format(Locale.ROOT,
                "stuck lag: %d of %d stuck windows paged and firing until they end (target all)%s%n",
                held, windows, mark(held == windows)));
        return b.toString();
    }

    private static String mark(boolean met) {
        return met ? "  [met]" : "  [NOT MET]";
    }
}
