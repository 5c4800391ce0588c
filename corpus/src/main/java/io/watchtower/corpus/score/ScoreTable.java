package io.watchtower.corpus.score;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The per-family table of a corpus run, with totals, as Markdown. */
public final class ScoreTable {

    private final Map<String, Tally> families = new LinkedHashMap<>();
    private final Tally total = new Tally();

    /** @param scores the series' scores, in table order (families in order of first appearance) */
    public ScoreTable(List<SeriesScore> scores) {
        for (SeriesScore s : scores) {
            families.computeIfAbsent(s.series().family(), f -> new Tally()).add(s);
            total.add(s);
        }
    }

    /** @return the tally of every series */
    public Tally total() {
        return total;
    }

    /** @return the tallies per family, in table order */
    public Map<String, Tally> families() {
        return Map.copyOf(families);
    }

    /** @return the table */
    public String render() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "| %-16s | %6s | %6s | %7s | %4s | %6s | %7s | %9s | %5s | %8s | %13s | %13s |%n",
                "family", "series", "weeks", "windows", "hit", "missed", "outside", "out/s-wk", "delay",
                Weighting.STANDARD.name(), Weighting.LOW_FP.name(), Weighting.LOW_FN.name()));
        b.append("|------------------|-------:|-------:|--------:|-----:|-------:|--------:|----------:|------:|---------:|--------------:|--------------:|\n");
        families.forEach((name, t) -> row(b, name, t));
        row(b, "**total**", total);
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Tally t) {
        b.append(String.format(Locale.ROOT, "| %-16s | %6d | %6s | %7d | %4d | %6d | %7d | %9.2f | %5s | %8s | %13s | %13s |%n",
                name, t.series(), number(t.weeks(), t.weeks() >= 1 ? 1 : 3), t.windows(), t.hits(), t.windows() - t.hits(), t.outside(),
                t.outsidePerSeriesWeek(), number(t.medianDelay(), 1), number(t.score(Weighting.STANDARD), 1),
                number(t.score(Weighting.LOW_FP), 1), number(t.score(Weighting.LOW_FN), 1)));
    }

    static String number(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
