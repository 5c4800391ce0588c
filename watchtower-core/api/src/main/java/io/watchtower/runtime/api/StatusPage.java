package io.watchtower.runtime.api;

import io.watchtower.runtime.registry.Answer;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.SignalQuery;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.registry.TowerRecord;
import io.watchtower.runtime.signal.SeriesRole;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status page at {@code /}: server-side HTML, inline SVG, no script, read in ten seconds.
 *
 * <ol>
 *   <li>One line says how things are: how many series fire, flap or are stale, how many are healthy.</li>
 *   <li>Series that need attention come first, grouped by component: firing (most severe first),
 *       then flapping, then stale. Each has its summary, its value against the usual in words and a
 *       large plot (value, band, the firing span shaded red, the span without data grey); a state
 *       series is a timeline of its states.</li>
 *   <li>Signals firing on other hosts of the fleet.</li>
 *   <li>Healthy series, folded into one line per component that opens on click ({@code <details>}).</li>
 *   <li>The towers of the fleet and their heartbeat.</li>
 * </ol>
 */
final class StatusPage {

    private static final int MAX_HEALTHY_PER_COMPONENT = 200;
    private static final int LARGE = 170;
    private static final int SMALL = 44;
    private static final String STYLE = String.join("",
            "*{box-sizing:border-box}",
            "body{font:15px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;padding:14px 20px;color:#1d2430;background:#f5f6f8}",
            "h1{font-size:19px;margin:0}h2{font-size:16px;margin:18px 0 6px}h3{font-size:15px;margin:14px 0 6px;color:#3b4656}",
            ".meta{color:#5f6b7a;font-size:13px}",
            "#verdict{font-size:18px;font-weight:600;margin:8px 0 4px;padding:8px 12px;border-radius:6px;background:#e6f4ea;color:#1a7f37}",
            "#verdict.bad{background:#fdecea;color:#b71c1c}#verdict.warn{background:#fff4e5;color:#8a4b00}",
            ".partial{background:#fff4e5;border:1px solid #f0b46a;padding:6px 10px;margin:6px 0}",
            ".card{background:#fff;border:1px solid #dde1e6;border-left:6px solid #c62828;border-radius:6px;padding:10px 12px;margin:8px 0}",
            ".feedback{color:#5d4037;font-size:.85em;margin:.2em 0}",
            ".card.flapping{border-left-color:#ef6c00}.card.stale{border-left-color:#78828f}",
            ".head{display:flex;flex-wrap:wrap;gap:4px 10px;align-items:baseline}",
            ".badge{font-size:12px;font-weight:700;padding:1px 7px;border-radius:4px;color:#fff;background:#c62828;letter-spacing:.03em}",
            ".badge.flapping{background:#ef6c00}.badge.stale{background:#78828f}.badge.sev{background:#fff;color:#b71c1c;border:1px solid #e0a4a4}",
            ".name{font-weight:600;font-size:16px;overflow-wrap:anywhere}.since{color:#5f6b7a;font-size:13px}",
            ".summary{margin:6px 0 2px}.words{margin:2px 0 6px;color:#3b4656;font-size:14px}",
            ".plot{position:relative;margin-top:4px}.plot svg{display:block;width:100%;background:#fbfcfd;border:1px solid #eceff3}",
            ".plot .y{position:absolute;left:4px;font-size:11px;color:#5f6b7a;background:rgba(255,255,255,.8);padding:0 2px}",
            ".plot .y.top{top:1px}.plot .y.bottom{bottom:19px}",
            ".x{display:flex;justify-content:space-between;gap:8px;font-size:11px;color:#5f6b7a;height:17px}",
            ".nodata-label{color:#4a5361;font-weight:600}.key{display:inline-block;width:10px;height:10px;margin:0 3px 0 6px}",
            ".nodata{color:#5f6b7a;font-size:13px;margin:4px 0}",
            "details{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:6px 0}",
            "summary{cursor:pointer;padding:8px 12px;list-style-position:inside}summary .ok{color:#1a7f37;font-weight:600}",
            ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px;padding:0 10px 10px}",
            ".small{border:1px solid #eceff3;border-radius:4px;padding:6px 8px}.small .name{font-size:13px}.small .words{font-size:12px;margin:1px 0 3px}",
            "table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}td,th{padding:4px 8px;border-bottom:1px solid #e3e6ea;text-align:left}",
            ".tablewrap{overflow-x:auto}.alive{color:#1a7f37}td.blind-spot,td.firing{color:#c62828;font-weight:600}",
            "@media (max-width:600px){body{padding:10px}.name{font-size:15px}#verdict{font-size:16px}}");

    private final BandHistory recent;
    private final String version;

    StatusPage(BandHistory recent, String version) {
        this.recent = recent;
        this.version = version;
    }

    /**
     * Everything the page shows, gathered once.
     *
     * @param host this daemon's host
     * @param registryState "local", "fleet (PostgreSQL)" or "fleet unreachable"
     * @param now epoch ms
     * @param missing what a partial fleet answer lacks
     * @param towers towers of the fleet
     * @param firing signals firing now in the fleet
     * @param series this daemon's series
     */
    record Snapshot(String host, String registryState, long now, List<String> missing, List<TowerRecord> towers,
                    List<SignalRecord> firing, List<SeriesView> series) {
    }

    String render(EngineView daemon, Registry registry, long now) {
        Answer<TowerRecord> towers = registry.towers();
        Answer<SignalRecord> firing = registry.signals(new SignalQuery("firing", null, null, Long.MIN_VALUE,
                Long.MAX_VALUE, 500));
        List<String> missing = new ArrayList<>(towers.missing());
        firing.missing().stream().filter(m -> !missing.contains(m)).forEach(missing::add);
        return render(new Snapshot(daemon.config().host(), !registry.fleetConfigured() ? "local"
                : registry.fleetUp() ? "fleet (PostgreSQL)" : "fleet unreachable", now, missing, towers.items(),
                firing.items(), daemon.tracker().views()));
    }

    String render(Snapshot page) {
        Map<String, Signal> firingHere = new HashMap<>();
        List<SignalRecord> elsewhere = new ArrayList<>();
        for (SignalRecord r : page.firing()) {
            if (r.host().equals(page.host())) {
                Signal s = r.signal();
                firingHere.put(s.tower().id() + "\u0000" + s.target() + "\u0000" + s.check(), s);
            } else {
                elsewhere.add(r);
            }
        }
        List<Attention> attention = new ArrayList<>();
        Map<String, List<SeriesView>> healthy = new TreeMap<>();
        int shownHealthy = 0;
        for (SeriesView v : page.series()) {
            Signal signal = firingHere.get(v.key().tower() + "\u0000" + v.key().target() + "\u0000" + v.key().check());
            if (v.firing() || v.flapping() || v.stale()) {
                attention.add(new Attention(v, signal, v.flapping() || signal != null && signal.flapping()));
            } else if (v.role() == SeriesRole.CHECK) {
                healthy.computeIfAbsent(v.component(), c -> new ArrayList<>()).add(v);
                shownHealthy++;
            }
        }
        // components ordered by their most urgent series, the series of a component together
        Map<String, Integer> urgency = new HashMap<>();
        attention.forEach(a -> urgency.merge(a.view().component(), a.rank() * 10 + a.severity(), Math::min));
        attention.sort(Comparator.<Attention>comparingInt(a -> urgency.get(a.view().component()))
                .thenComparing(a -> a.view().component()).thenComparingInt(Attention::rank)
                .thenComparingInt(Attention::severity).thenComparing(a -> a.view().key()));

        StringBuilder h = new StringBuilder(32768);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Watchtower — ").append(esc(page.host())).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>Watchtower on ").append(esc(page.host())).append("</h1><div class=\"meta\">version ")
                .append(esc(version)).append(" · ").append(SignalComposer.iso(page.now()))
                .append(" · registry: ").append(esc(page.registryState())).append("</div>\n");
        verdict(h, attention, shownHealthy, healthy.size(), elsewhere.size());
        for (String missing : page.missing()) {
            h.append("<div class=\"partial\" id=\"partial\">Partial view: ").append(esc(missing)).append("</div>\n");
        }

        if (!attention.isEmpty()) {
            h.append("<section id=\"attention\">\n");
            String component = null;
            for (Attention a : attention) {
                if (!a.view().component().equals(component)) {
                    component = a.view().component();
                    h.append("<h2 class=\"component\">").append(esc(component)).append("</h2>\n");
                }
                card(h, a, page.now());
            }
            h.append("</section>\n");
        }

        if (!elsewhere.isEmpty()) {
            h.append("<h2>Firing on other hosts (").append(elsewhere.size()).append(")</h2>\n<div class=\"tablewrap\">")
                    .append("<table id=\"firing\"><tr><th>Since</th><th>Severity</th><th>Host</th><th>Component</th>")
                    .append("<th>Check</th><th>Summary</th></tr>\n");
            for (SignalRecord r : elsewhere) {
                Signal s = r.signal();
                h.append("<tr class=\"signal\"><td>").append(esc(s.since())).append("</td><td class=\"firing\">")
                        .append(esc(s.severity().wireName())).append("</td><td>").append(esc(r.host())).append("</td><td>")
                        .append(esc(s.component())).append("</td><td>").append(esc(s.kind().wireName())).append(" · ")
                        .append(esc(s.check())).append("</td><td class=\"summary\">").append(esc(s.summary()))
                        .append("</td></tr>\n");
            }
            h.append("</table></div>\n");
        }

        h.append("<section id=\"healthy\"><h2>Healthy (").append(shownHealthy).append(" series in ")
                .append(healthy.size()).append(healthy.size() == 1 ? " component" : " components").append(")</h2>\n");
        healthy.forEach((component, views) -> healthy(h, component, views, page.now()));
        h.append("</section>\n");

        h.append("<h2>Towers (").append(page.towers().size()).append(")</h2>\n<div class=\"tablewrap\">")
                .append("<table id=\"towers\"><tr><th>Host</th><th>Tower</th><th>Type</th><th>Component</th>")
                .append("<th>State</th><th>Last heartbeat</th><th>Version</th></tr>\n");
        for (TowerRecord t : page.towers()) {
            String state = t.stale(page.now()) ? "blind-spot" : "alive";
            h.append("<tr class=\"tower\"><td>").append(esc(t.host())).append("</td><td>").append(esc(t.id()))
                    .append("</td><td>").append(esc(t.type())).append("</td><td>").append(esc(t.component()))
                    .append("</td><td class=\"").append(state).append("\">").append(state).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.1f s ago", Math.max(0, page.now() - t.heartbeatMs()) / 1000.0))
                    .append("</td><td>").append(esc(t.version())).append("</td></tr>\n");
        }
        h.append("</table></div>\n</body></html>\n");
        return h.toString();
    }

    private static void verdict(StringBuilder h, List<Attention> attention, int healthy, int components, int elsewhere) {
        long firing = attention.stream().filter(a -> a.view().firing() && !a.flapping()).count();
        long flapping = attention.stream().filter(Attention::flapping).count();
        long stale = attention.stream().filter(a -> a.view().stale()).count();
        List<String> parts = new ArrayList<>();
        if (firing > 0) {
            parts.add(firing + " firing");
        }
        if (flapping > 0) {
            parts.add(flapping + " flapping");
        }
        if (stale > 0) {
            parts.add(stale + " stale (no data)");
        }
        if (elsewhere > 0) {
            parts.add(elsewhere + " firing on other hosts");
        }
        String css = firing > 0 || elsewhere > 0 ? "bad" : parts.isEmpty() ? "" : "warn";
        h.append("<p id=\"verdict\"").append(css.isEmpty() ? "" : " class=\"" + css + "\"").append('>');
        if (parts.isEmpty()) {
            h.append("All ").append(healthy).append(" series healthy");
        } else {
            h.append(String.join(" · ", parts)).append(" — ").append(healthy).append(" series healthy");
        }
        h.append(" in ").append(components).append(components == 1 ? " component" : " components").append("</p>\n");
    }

    private void card(StringBuilder h, Attention a, long now) {
        SeriesView v = a.view();
        Signal s = a.signal();
        String kind = v.firing() ? "firing" : a.flapping() ? "flapping" : "stale";
        h.append("<article class=\"card ").append(kind).append("\" data-series=\"").append(esc(v.key().id()))
                .append("\" id=\"").append(kind).append('-').append(esc(v.key().id().replaceAll("[^A-Za-z0-9_-]", "_")))
                .append("\"><div class=\"head\">");
        if (v.firing()) {
            h.append("<span class=\"badge\">FIRING</span>");
            if (a.flapping()) {
                h.append("<span class=\"badge flapping\">FLAPPING</span>");
            }
            if (s != null) {
                h.append("<span class=\"badge sev\">").append(esc(s.severity().wireName())).append("</span>");
            }
        } else {
            h.append("<span class=\"badge ").append(kind).append("\">").append(kind.toUpperCase(Locale.ROOT)).append("</span>");
        }
        h.append("<span class=\"name\">").append(esc(title(v))).append("</span><span class=\"since\">");
        if (v.firing() && v.firingSince() >= 0) {
            h.append("firing ").append(SeriesWords.since(v.firingSince(), now));
        } else if (v.stale()) {
            h.append("no data ").append(SeriesWords.since(v.staleSince(), now));
        }
        h.append(" · tower ").append(esc(v.key().tower())).append("</span></div>");
        if (v.stale()) {
            h.append("<p class=\"summary\">").append(esc(SeriesWords.stale(v))).append("</p>");
        } else if (s != null) {
            h.append("<p class=\"summary\">").append(esc(s.summary())).append("</p>");
        } else if (a.flapping()) {
            h.append("<p class=\"summary\">Fires and resolves repeatedly; paged once as flapping, then held until it"
                    + " settles.</p>");
        }
        h.append("<p class=\"words\">").append(v.stale() ? "Last value: " : "").append(esc(SeriesWords.now(v)))
                .append("</p>").append(FeedbackNotes.html(v));
        h.append(plot(v, now).figure(LARGE, SeriesWords.unit(v), v.firing()));
        h.append("</article>\n");
    }

    private void healthy(StringBuilder h, String component, List<SeriesView> views, long now) {
        long learning = views.stream().filter(v -> v.confidence() == io.watchtower.baseline.Confidence.LEARNING).count();
        h.append("<details class=\"component\" data-component=\"").append(esc(component)).append("\"><summary><b>")
                .append(esc(component)).append("</b> — <span class=\"ok\">").append(views.size())
                .append(views.size() == 1 ? " series healthy" : " series healthy").append("</span>")
                .append(learning > 0 ? " (" + learning + " still learning)" : "").append("</summary><div class=\"grid\">");
        int shown = 0;
        for (SeriesView v : views) {
            if (++shown > MAX_HEALTHY_PER_COMPONENT) {
                h.append("<p class=\"meta\">… more in /api/v1/baselines?component=").append(esc(component)).append("</p>");
                break;
            }
            h.append("<div class=\"small\" data-series=\"").append(esc(v.key().id())).append("\"><div class=\"name\">")
                    .append(esc(title(v))).append("</div><div class=\"words\">").append(esc(SeriesWords.now(v)))
                    .append("</div>").append(FeedbackNotes.html(v)).append(plot(v, now).figure(SMALL, SeriesWords.unit(v), false)).append("</div>");
        }
        h.append("</div></details>\n");
    }

    private SeriesPlot plot(SeriesView v, long now) {
        List<BandHistory.Point> points = recent.of(v.key());
        if (v.role() != SeriesRole.CHECK) {
            // reachability and probe health are yes or no: a timeline of the two, not a plot of 0 and 1
            points = points.stream().map(p -> new BandHistory.Point(p.at(), Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, SeriesWords.health(v.role(), p.value()), p.firing())).toList();
        }
        return new SeriesPlot(points, v.stale() ? now : -1, v.firingSince(), v.stale() ? v.staleSince() : -1)
                .feedback(v.adjustments());
    }

    private static String title(SeriesView v) {
        String check = v.key().check().replace('_', ' ');
        return v.key().target().isEmpty() ? check : check + " · " + v.key().target();
    }

    /**
     * A series that needs attention.
     *
     * @param view the series
     * @param signal its firing signal on this host, or null
     * @param flapping whether it flaps (its last verdict or its firing says so)
     */
    private record Attention(SeriesView view, Signal signal, boolean flapping) {
        int rank() {
            return view.firing() && !flapping ? 0 : flapping ? 1 : 2;
        }

        int severity() {
            return signal == null ? 9 : switch (signal.severity()) {
                case CRITICAL -> 0;
                case HIGH -> 1;
                case MEDIUM -> 2;
                case LOW -> 3;
            };
        }
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
