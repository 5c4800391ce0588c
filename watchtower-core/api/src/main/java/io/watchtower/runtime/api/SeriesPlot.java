package io.watchtower.runtime.api;

import io.watchtower.spi.Unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws one series for the status page as inline SVG, without script: a numeric series as its
 * values against the expected band, with the span it fires shaded red and the span without data
 * (stale) shaded grey; a state series as a timeline of its states. The SVG stretches to the width
 * of its box; value and time labels are HTML around it, so they stay readable at any width.
 */
final class SeriesPlot {

    /** Width of the drawing's coordinate system; the drawing stretches to its box. */
    private static final int W = 1000;
    private static final String[] STATE_COLOURS = {"#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#ad1457",
        "#7cb342", "#455a64"};
    private static final String GOOD = "#2e7d32";
    private static final String BAD = "#c62828";

    private final List<BandHistory.Point> points;
    private final long end;
    private final long firingSince;
    private final long staleSince;
    private List<io.watchtower.baseline.Adjustment> feedback = List.of();

    /**
     * @param points the recent points, oldest first
     * @param end the right edge: now for a stale series (its data ends earlier), else the last point
     * @param firingSince epoch ms the current firing began, or -1
     * @param staleSince epoch ms of the last observation of a stale series, or -1
     */
    SeriesPlot(List<BandHistory.Point> points, long end, long firingSince, long staleSince) {
        this.points = points;
        this.end = end;
        this.firingSince = firingSince;
        this.staleSince = staleSince;
    }

    /**
     * @param adjustments feedback in force on the series: each is marked where it was last answered
     * @return this plot
     */
    SeriesPlot feedback(List<io.watchtower.baseline.Adjustment> adjustments) {
        this.feedback = adjustments == null ? List.of() : adjustments;
        return this;
    }

    /** @return whether the points are categorical states */
    boolean states() {
        return !points.isEmpty() && points.stream().allMatch(p -> p.state() != null || !Double.isFinite(p.value()))
                && points.stream().anyMatch(p -> p.state() != null);
    }

    /**
     * @param height the drawing's height in CSS pixels
     * @param unit the series' unit, for the labels
     * @param firing whether the series fires now (its line is drawn red)
     * @return the figure: the SVG and its labels
     */
    String figure(int height, Unit unit, boolean firing) {
        if (states()) {
            return timeline(height);
        }
        List<BandHistory.Point> p = points.stream().filter(x -> Double.isFinite(x.value())).toList();
        if (p.size() < 2) {
            return "<p class=\"nodata\">" + (p.isEmpty() ? "No values yet." : "One value so far: "
                    + StatusPage.esc(unit.format(p.get(0).value())) + ".") + "</p>";
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (BandHistory.Point x : p) {
            lo = Math.min(lo, x.value());
            hi = Math.max(hi, x.value());
            if (Double.isFinite(x.lower()) && Double.isFinite(x.upper())) {
                lo = Math.min(lo, floor(x.lower(), unit));
                hi = Math.max(hi, x.upper());
            }
        }
        if (unit.nonNegative() && lo > 0) {
            lo = 0; // a quantity that cannot be negative is read against zero: how big, not how wiggly
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi)) || unit.format(hi).equals(unit.format(lo))) {
            // flat to the precision a person reads: drawn as a level line, not blown up to fill the plot
            hi = lo + Math.max(1e-9, Math.abs(lo) * 0.1 + (lo == 0 ? 1 : 0));
        }
        hi += (hi - lo) * 0.05;
        long t0 = p.get(0).at();
        long t1 = Math.max(t0 + 1, Math.max(end, p.get(p.size() - 1).at()));
        StringBuilder s = svgOpen(height);
        if (firingSince >= 0 && firingSince < t1) {
            double x = x(Math.max(t0, firingSince), t0, t1);
            s.append("<rect class=\"firing-span\" x=\"").append(f(x)).append("\" y=\"0\" width=\"").append(f(W - x))
                    .append("\" height=\"").append(height).append("\" fill=\"#fde0e0\"/>");
        }
        if (staleSince >= 0 && staleSince < t1) {
            double x = x(Math.max(t0, staleSince), t0, t1);
            s.append("<rect class=\"stale-span\" x=\"").append(f(x)).append("\" y=\"0\" width=\"").append(f(W - x))
                    .append("\" height=\"").append(height).append("\" fill=\"#e4e7ec\"/>");
        }
        for (io.watchtower.baseline.Adjustment a : feedback) {
            if (a.lastAt() >= t0 && a.lastAt() <= t1) {
                String x = f(x(a.lastAt(), t0, t1));
                s.append("<line class=\"feedback-mark\" x1=\"").append(x).append("\" x2=\"").append(x)
                        .append("\" y1=\"0\" y2=\"").append(height).append("\" stroke=\"#8d6e63\" stroke-width=\"2\"")
                        .append(" stroke-dasharray=\"3 3\" vector-effect=\"non-scaling-stroke\"><title>")
                        .append(StatusPage.esc(a.describe(java.time.ZoneOffset.UTC))).append("</title></line>");
            }
        }
        StringBuilder upper = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (BandHistory.Point x : p) {
            double px = x(x.at(), t0, t1);
            if (Double.isFinite(x.lower()) && Double.isFinite(x.upper())) {
                upper.append(f(px)).append(',').append(f(y(x.upper(), lo, hi, height))).append(' ');
                lower.insert(0, f(px) + "," + f(y(floor(x.lower(), unit), lo, hi, height)) + " ");
            }
            if (Double.isFinite(x.expected())) {
                expected.append(f(px)).append(',').append(f(y(floor(x.expected(), unit), lo, hi, height))).append(' ');
            }
            values.append(f(px)).append(',').append(f(y(x.value(), lo, hi, height))).append(' ');
        }
        if (upper.length() > 0) {
            s.append("<polygon class=\"band\" points=\"").append(upper).append(lower.toString().strip())
                    .append("\" fill=\"#cfe3ff\" stroke=\"none\"/>");
        }
        if (expected.length() > 0) {
            s.append("<polyline class=\"expected\" points=\"").append(expected.toString().strip())
                    .append("\" fill=\"none\" stroke=\"#6d8fbf\" stroke-dasharray=\"4 3\" stroke-width=\"1\"")
                    .append(" vector-effect=\"non-scaling-stroke\"/>");
        }
        s.append("<polyline class=\"values\" points=\"").append(values.toString().strip()).append("\" fill=\"none\" stroke=\"")
                .append(firing ? "#c62828" : "#1d2430").append("\" stroke-width=\"").append(height > 80 ? 2 : 1.5)
                .append("\" vector-effect=\"non-scaling-stroke\"/></svg>");
        String top = unit.format(hi);
        String bottom = unit.format(lo);
        StringBuilder out = new StringBuilder("<div class=\"plot\">");
        if (height > 80) { // a small plot's scale is said by its words line; labels would hide its line
            out.append("<span class=\"y top\">").append(StatusPage.esc(top)).append("</span>")
                    .append("<span class=\"y bottom\">").append(StatusPage.esc(bottom)).append("</span>");
        }
        out.append(s);
        out.append("<div class=\"x\"><span>").append(SeriesWords.clock(t0)).append("</span>");
        if (staleSince >= 0) {
            out.append("<span class=\"nodata-label\">no data since ").append(SeriesWords.clock(staleSince)).append("</span>");
        }
        out.append("<span>").append(SeriesWords.clock(t1)).append("</span></div></div>");
        return out.toString();
    }

    /** @return the states as coloured spans along time, with a legend */
    private String timeline(int height) {
        int h = Math.min(height, 36);
        long t0 = points.get(0).at();
        long t1 = Math.max(t0 + 1, Math.max(end, points.get(points.size() - 1).at()));
        Map<String, String> colours = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            BandHistory.Point p = points.get(i);
            String state = p.state() == null ? "(none)" : p.state();
            long to = i + 1 < points.size() ? points.get(i + 1).at() : (staleSince >= 0 ? staleSince : t1);
            if (!names.isEmpty() && names.get(names.size() - 1).equals(state)) {
                spans.get(spans.size() - 1)[1] = to;
            } else {
                names.add(state);
                spans.add(new long[] {p.at(), to});
            }
            colours.computeIfAbsent(state, SeriesPlot::colour);
        }
        StringBuilder s = svgOpen(h);
        s.insert(0, "<div class=\"plot timeline\">");
        for (int i = 0; i < spans.size(); i++) {
            double x0 = x(spans.get(i)[0], t0, t1);
            double x1 = x(Math.max(spans.get(i)[0] + 1, spans.get(i)[1]), t0, t1);
            s.append("<rect class=\"state\" data-state=\"").append(StatusPage.esc(names.get(i))).append("\" x=\"")
                    .append(f(x0)).append("\" y=\"0\" width=\"").append(f(Math.max(1, x1 - x0))).append("\" height=\"")
                    .append(h).append("\" fill=\"").append(colours.get(names.get(i))).append("\"><title>")
                    .append(StatusPage.esc(names.get(i))).append(' ').append(SeriesWords.clock(spans.get(i)[0]))
                    .append("–").append(SeriesWords.clock(spans.get(i)[1])).append("</title></rect>");
        }
        if (staleSince >= 0 && staleSince < t1) {
            double x = x(staleSince, t0, t1);
            s.append("<rect class=\"stale-span\" x=\"").append(f(x)).append("\" y=\"0\" width=\"").append(f(W - x))
                    .append("\" height=\"").append(h).append("\" fill=\"#e4e7ec\"/>");
        }
        s.append("</svg><div class=\"x\"><span>").append(SeriesWords.clock(t0)).append("</span><span class=\"legend\">");
        colours.forEach((state, colour) -> s.append("<span class=\"key\" style=\"background:").append(colour)
                .append("\"></span>[").append(StatusPage.esc(state)).append("] "));
        s.append("</span><span>").append(SeriesWords.clock(t1)).append("</span></div></div>");
        return s.toString();
    }

    /** @return green for a state that reads as good, red for one that reads as bad, else a colour of its own */
    private static String colour(String state) {
        String s = state.toLowerCase(Locale.ROOT);
        if (s.equals("up") || s.equals("reachable") || s.equals("probe ok") || s.equals("ok") || s.equals("streaming")) {
            return GOOD;
        }
        if (s.equals("down") || s.equals("unreachable") || s.equals("probe failing") || s.equals("failed")) {
            return BAD;
        }
        return STATE_COLOURS[Math.floorMod(state.hashCode(), STATE_COLOURS.length)];
    }

    private static StringBuilder svgOpen(int height) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ')
                .append(height).append("\" preserveAspectRatio=\"none\" style=\"height:").append(height)
                .append("px\" role=\"img\">");
    }

    private static double x(long at, long t0, long t1) {
        return 2 + (W - 4) * (double) (at - t0) / (t1 - t0);
    }

    private static double y(double v, double lo, double hi, int height) {
        return height - 3 - (height - 6) * (v - lo) / (hi - lo);
    }

    private static double floor(double v, Unit unit) {
        return unit.nonNegative() && v < 0 ? 0 : v;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
