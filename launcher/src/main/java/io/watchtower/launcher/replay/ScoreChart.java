package io.watchtower.launcher.replay;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Draws a replayed series as SVG: the value, the expected value and its usual band, and the spans
 * where the series fired shaded red. Long series are reduced to one column per pixel, keeping each
 * column's minimum and maximum so spikes stay visible (see {@link ChartColumns}, which holds no
 * more than a few columns per pixel however long the series); the vertical range follows the bulk
 * of the data (0.5th to 99.5th percentile), and values beyond it are drawn at the edge.
 */
final class ScoreChart {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 40;

    private ScoreChart() {
    }

    /** @return the most columns {@link #render} draws: one per pixel of the plot */
    static int plotWidth() {
        return WIDTH - LEFT - RIGHT;
    }

    static String render(String title, ChartColumns data, int fired) {
        int plotWidth = plotWidth();
        int plotHeight = HEIGHT - TOP - BOTTOM;
        long n = data.rows();
        ChartColumns cols = data.fitTo(plotWidth);
        int columns = Math.max(1, cols.columns());
        double[] lo = new double[columns];
        double[] hi = new double[columns];
        double[] exp = new double[columns];
        double[] low = new double[columns];
        double[] up = new double[columns];
        boolean[] firing = new boolean[columns];
        Arrays.fill(lo, Double.NaN);
        Arrays.fill(hi, Double.NaN);
        Arrays.fill(exp, Double.NaN);
        Arrays.fill(low, Double.NaN);
        Arrays.fill(up, Double.NaN);
        for (int c = 0; c < cols.columns(); c++) {
            lo[c] = cols.lo(c);
            hi[c] = cols.hi(c);
            exp[c] = cols.expected(c);
            low[c] = cols.lower(c);
            up[c] = cols.upper(c);
            firing[c] = cols.firing(c);
        }
        double min = 0;
        double max = 1;
        double[] range = data.range();
        if (range != null) {
            min = range[0];
            max = range[1];
            if (max - min < 1e-12) {
                max = min + Math.max(1e-9, Math.abs(min) * 0.1 + 1e-9);
            }
            double pad = (max - min) * 0.08;
            min -= pad;
            max += pad;
        }
        final double yMin = min;
        final double yMax = max;
        java.util.function.DoubleUnaryOperator y = v -> TOP + plotHeight
                - (Math.max(yMin, Math.min(yMax, v)) - yMin) / (yMax - yMin) * plotHeight;
        java.util.function.IntToDoubleFunction x = c -> LEFT + (columns == 1 ? plotWidth / 2.0
                : (double) c * plotWidth / (columns - 1));

        StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"22\" font-size=\"15\" font-weight=\"bold\">")
                .append(escape(title)).append("</text>\n");
        svg.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"22\" text-anchor=\"end\">")
                .append(n).append(" rows · ").append(fired).append(fired == 1 ? " signal" : " signals")
                .append(" fired</text>\n");
        // firing spans
        for (int c = 0; c < columns; c++) {
            if (!firing[c]) {
                continue;
            }
            int end = c;
            while (end + 1 < columns && firing[end + 1]) {
                end++;
            }
            double x0 = x.applyAsDouble(c) - 0.5;
            double x1 = x.applyAsDouble(end) + 0.5;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#e53935\" fill-opacity=\"0.18\"/>%n",
                    x0, TOP, Math.max(1, x1 - x0), plotHeight));
            c = end;
        }
        // usual band
        StringBuilder band = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            if (!Double.isNaN(up[c])) {
                point(band, x.applyAsDouble(c), y.applyAsDouble(up[c]));
            }
        }
        for (int c = columns - 1; c >= 0; c--) {
            if (!Double.isNaN(low[c])) {
                point(band, x.applyAsDouble(c), y.applyAsDouble(low[c]));
            }
        }
        if (band.length() > 0) {
            svg.append("<polygon points=\"").append(band.toString().strip())
                    .append("\" fill=\"#90caf9\" fill-opacity=\"0.45\" stroke=\"none\"/>\n");
        }
        svg.append(polyline(exp, null, x, y, "#1565c0", "stroke-dasharray=\"6 3\" stroke-width=\"1.2\""));
        svg.append(polyline(lo, hi, x, y, "#212121", "stroke-width=\"1\""));
        // axes
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#9e9e9e\"/>%n",
                LEFT, TOP, plotWidth, plotHeight));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6, TOP + 10,
                number(yMax)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
                TOP + plotHeight, number(yMin)));
        if (n > 0) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, HEIGHT - 14,
                    escape(label(data.first()))));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", WIDTH - RIGHT,
                    HEIGHT - 14, escape(label(data.last()))));
        }
        int legendX = LEFT + plotWidth / 2 - 200;
        svg.append(String.format(Locale.ROOT,
                "<g transform=\"translate(%d,%d)\"><line x1=\"0\" y1=\"-4\" x2=\"20\" y2=\"-4\" stroke=\"#212121\"/>"
                        + "<text x=\"25\" y=\"0\">value</text>"
                        + "<line x1=\"80\" y1=\"-4\" x2=\"100\" y2=\"-4\" stroke=\"#1565c0\" stroke-dasharray=\"6 3\"/>"
                        + "<text x=\"105\" y=\"0\">expected</text>"
                        + "<rect x=\"175\" y=\"-10\" width=\"20\" height=\"10\" fill=\"#90caf9\" fill-opacity=\"0.45\"/>"
                        + "<text x=\"200\" y=\"0\">usual band</text>"
                        + "<rect x=\"280\" y=\"-10\" width=\"20\" height=\"10\" fill=\"#e53935\" fill-opacity=\"0.18\"/>"
                        + "<text x=\"305\" y=\"0\">firing</text></g>%n", legendX, HEIGHT - 14));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String polyline(double[] a, double[] b, java.util.function.IntToDoubleFunction x,
                                   java.util.function.DoubleUnaryOperator y, String colour, String style) {
        StringBuilder out = new StringBuilder();
        StringBuilder points = new StringBuilder();
        for (int c = 0; c < a.length; c++) {
            if (Double.isNaN(a[c])) {
                flush(out, points, colour, style);
                continue;
            }
            point(points, x.applyAsDouble(c), y.applyAsDouble(a[c]));
            if (b != null && b[c] != a[c]) {
                point(points, x.applyAsDouble(c), y.applyAsDouble(b[c]));
            }
        }
        flush(out, points, colour, style);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder points, String colour, String style) {
        if (points.length() > 0) {
            out.append("<polyline points=\"").append(points.toString().strip()).append("\" fill=\"none\" stroke=\"")
                    .append(colour).append("\" ").append(style).append("/>\n");
            points.setLength(0);
        }
    }

    private static void point(StringBuilder b, double x, double y) {
        Decimal.oneDecimal(b, x).append(',');
        Decimal.oneDecimal(b, y).append(' ');
    }

    private static String label(ReplayRow row) {
        return row.at() == Long.MIN_VALUE ? row.timestamp() : Instant.ofEpochMilli(row.at()).toString();
    }

    private static String number(double v) {
        double abs = Math.abs(v);
        return abs != 0 && (abs >= 1e6 || abs < 1e-3) ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
