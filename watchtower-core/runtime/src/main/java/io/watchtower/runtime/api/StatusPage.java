package io.watchtower.runtime.api;

import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.WatchtowerVersion;
import io.watchtower.runtime.registry.Answer;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.SignalQuery;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.registry.TowerRecord;
import io.watchtower.runtime.series.SeriesRole;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;

import java.util.List;
import java.util.Locale;

/**
 * The status page at {@code /}: server-side HTML, inline SVG, no script. Towers of the fleet and
 * their state, signals firing now with their summaries, and each series of this daemon as its
 * recent values against the expected band.
 */
final class StatusPage {

    private static final int MAX_SERIES = 200;
    private static final int WIDTH = 320;
    private static final int HEIGHT = 60;

    private final BandHistory recent;

    StatusPage(BandHistory recent) {
        this.recent = recent;
    }

    String render(Daemon daemon, Registry registry, long now) {
        String host = daemon.config().host();
        Answer<TowerRecord> towers = registry.towers();
        Answer<SignalRecord> firing = registry.signals(new SignalQuery("firing", null, null, Long.MIN_VALUE,
                Long.MAX_VALUE, 500));
        StringBuilder h = new StringBuilder(16384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Watchtower — ").append(esc(host)).append("</title><style>")
                .append("body{font:14px system-ui,sans-serif;margin:1.5em;color:#1d2430;background:#f7f8fa}")
                .append("h1{font-size:20px;margin:0 0 .2em}h2{font-size:16px;margin:1.4em 0 .5em}")
                .append("table{border-collapse:collapse;background:#fff}td,th{padding:4px 10px;border-bottom:1px solid #e3e6ea;text-align:left}")
                .append(".alive{color:#1a7f37}td.blind-spot,td.firing,.series.firing .name{color:#c62828;font-weight:600}.meta{color:#5f6b7a}")
                .append(".partial{background:#fff4e5;border:1px solid #f0b46a;padding:6px 10px;margin:.5em 0}")
                .append(".series{display:inline-block;background:#fff;border:1px solid #e3e6ea;margin:4px;padding:6px;width:")
                .append(WIDTH + 12).append("px;vertical-align:top}.series.firing{border-color:#c62828}")
                .append(".name{font-size:12px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}</style></head><body>\n");
        h.append("<h1>Watchtower on ").append(esc(host)).append("</h1><div class=\"meta\">version ")
                .append(esc(WatchtowerVersion.get())).append(" · ").append(SignalComposer.iso(now))
                .append(" · registry: ").append(!registry.fleetConfigured() ? "local"
                        : registry.fleetUp() ? "fleet (PostgreSQL)" : "fleet unreachable").append("</div>\n");
        for (String missing : towers.missing()) {
            h.append("<div class=\"partial\" id=\"partial\">Partial view: ").append(esc(missing)).append("</div>\n");
        }

        h.append("<h2>Firing now (").append(firing.items().size()).append(")</h2>\n");
        if (firing.items().isEmpty()) {
            h.append("<p id=\"firing-none\">Nothing is firing.</p>\n");
        } else {
            h.append("<table id=\"firing\"><tr><th>Since</th><th>Severity</th><th>Host</th><th>Component</th><th>Check</th><th>Summary</th></tr>\n");
            for (SignalRecord r : firing.items()) {
                Signal s = r.signal();
                h.append("<tr class=\"signal\"><td>").append(esc(s.since())).append("</td><td class=\"firing\">")
                        .append(esc(s.severity().wireName())).append("</td><td>").append(esc(r.host())).append("</td><td>")
                        .append(esc(s.component())).append("</td><td>").append(esc(s.kind().wireName())).append(" · ")
                        .append(esc(s.check())).append("</td><td class=\"summary\">").append(esc(s.summary()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }

        h.append("<h2>Towers (").append(towers.items().size()).append(")</h2>\n");
        h.append("<table id=\"towers\"><tr><th>Host</th><th>Tower</th><th>Type</th><th>Component</th><th>State</th><th>Last heartbeat</th><th>Version</th></tr>\n");
        for (TowerRecord t : towers.items()) {
            String state = t.stale(now) ? "blind-spot" : "alive";
            h.append("<tr class=\"tower\"><td>").append(esc(t.host())).append("</td><td>").append(esc(t.id()))
                    .append("</td><td>").append(esc(t.type())).append("</td><td>").append(esc(t.component()))
                    .append("</td><td class=\"").append(state).append("\">").append(state).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f s ago", Math.max(0, now - t.heartbeatMs()) / 1000.0))
                    .append("</td><td>").append(esc(t.version())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        List<SeriesView> views = daemon.tracker().views();
        h.append("<h2>Series on ").append(esc(host)).append(" (").append(views.size()).append(")</h2>\n<div id=\"series\">");
        int shown = 0;
        for (SeriesView v : views) {
            if (v.role() != SeriesRole.CHECK && !v.firing()) {
                continue;
            }
            if (++shown > MAX_SERIES) {
                h.append("<p class=\"meta\">… more series in /api/v1/baselines</p>");
                break;
            }
            series(h, v);
        }
        h.append("</div>\n</body></html>\n");
        return h.toString();
    }

    private void series(StringBuilder h, SeriesView v) {
        List<BandHistory.Point> points = recent.of(v.key().id());
        Verdict last = v.last();
        h.append("<div class=\"series").append(v.firing() ? " firing" : "").append("\" data-series=\"")
                .append(esc(v.key().id())).append("\"><div class=\"name\" title=\"").append(esc(v.key().id())).append("\">")
                .append(esc(v.component())).append(" · ").append(esc(v.key().check()));
        if (!v.key().target().isEmpty()) {
            h.append(" · ").append(esc(v.key().target()));
        }
        h.append("</div><div class=\"meta\">").append(esc(v.confidence().wireName())).append(", ")
                .append(v.samples()).append(" samples");
        if (last != null && Double.isFinite(last.value())) {
            h.append(", last ").append(num(last.value())).append(' ').append(esc(v.unit()));
            if (Double.isFinite(last.lower()) && Double.isFinite(last.upper())) {
                h.append(" (usual ").append(num(last.lower())).append("–").append(num(last.upper())).append(')');
            }
        }
        h.append("</div>");
        h.append(svg(points, v.firing()));
        h.append("</div>\n");
    }

    static String svg(List<BandHistory.Point> points, boolean firing) {
        List<BandHistory.Point> p = points.stream().filter(x -> Double.isFinite(x.value())).toList();
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\">");
        if (p.size() < 2) {
            s.append("<text x=\"4\" y=\"34\" font-size=\"11\" fill=\"#5f6b7a\">no values yet</text></svg>");
            return s.toString();
        }
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (BandHistory.Point x : p) {
            lo = Math.min(lo, x.value());
            hi = Math.max(hi, x.value());
            if (Double.isFinite(x.lower()) && Double.isFinite(x.upper())) {
                lo = Math.min(lo, x.lower());
                hi = Math.max(hi, x.upper());
            }
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        long t0 = p.get(0).at();
        long t1 = Math.max(t0 + 1, p.get(p.size() - 1).at());
        StringBuilder upper = new StringBuilder();
        StringBuilder lower = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (BandHistory.Point x : p) {
            double px = 2 + (WIDTH - 4) * (double) (x.at() - t0) / (t1 - t0);
            if (Double.isFinite(x.lower()) && Double.isFinite(x.upper())) {
                upper.append(coord(px, y(x.upper(), lo, hi))).append(' ');
                lower.insert(0, coord(px, y(x.lower(), lo, hi)) + " ");
            }
            if (Double.isFinite(x.expected())) {
                expected.append(coord(px, y(x.expected(), lo, hi))).append(' ');
            }
            values.append(coord(px, y(x.value(), lo, hi))).append(' ');
        }
        if (upper.length() > 0) {
            s.append("<polygon class=\"band\" points=\"").append(upper).append(lower)
                    .append("\" fill=\"#cfe3ff\" stroke=\"none\"/>");
        }
        if (expected.length() > 0) {
            s.append("<polyline class=\"expected\" points=\"").append(expected.toString().strip())
                    .append("\" fill=\"none\" stroke=\"#6d8fbf\" stroke-dasharray=\"3 2\" stroke-width=\"1\"/>");
        }
        s.append("<polyline class=\"values\" points=\"").append(values.toString().strip()).append("\" fill=\"none\" stroke=\"")
                .append(firing ? "#c62828" : "#1d2430").append("\" stroke-width=\"1.5\"/></svg>");
        return s.toString();
    }

    private static double y(double v, double lo, double hi) {
        return HEIGHT - 3 - (HEIGHT - 6) * (v - lo) / (hi - lo);
    }

    private static String coord(double x, double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
