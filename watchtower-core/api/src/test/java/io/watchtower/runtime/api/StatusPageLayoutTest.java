package io.watchtower.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.baseline.DetectorSettings;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.registry.TowerRecord;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Severity;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status page of a daemon watching 91 series in twelve components, two of them firing, one
 * flapping, one stale, rendered from the production tracker after hours of virtual time and laid
 * out by real headless Chromium at desktop (1400×900) and phone (390×844) size: the firing series
 * and its plot are on the first screen, healthy series are folded, nothing overflows sideways.
 * Screenshots are kept in {@code target/status-page/} to look at.
 */
class StatusPageLayoutTest {

    private static final long T0 = 1_767_600_000_000L; // 2026-01-05T08:00Z
    private static final long INTERVAL = 15_000;
    private static final String HOST = "db-mon-1";
    private static final Path OUT = Path.of("target", "status-page").toAbsolutePath();
    /** Where the page lays out what an on-call engineer needs first, as the browser measured it. */
    private static final String MEASUREMENT = "function box(s){var e=document.querySelector(s);if(!e)return null;"
            + "var r=e.getBoundingClientRect();return {top:r.top,bottom:r.bottom,width:r.width};}"
            + "var first=document.querySelector('article.card');"
            + "return {vw:innerWidth,vh:innerHeight,docWidth:document.documentElement.scrollWidth,"
            + "first:first?first.dataset.series:null,firing:box('article.card.firing'),"
            + "firingPlot:box('article.card.firing .plot svg'),firingName:box('article.card.firing .name'),"
            + "openDetails:document.querySelectorAll('details[open]').length};";

    private static String html;
    private static final List<Signal> signals = new ArrayList<>();

    @BeforeAll
    static void render() throws Exception {
        BandHistory recent = new BandHistory();
        SeriesTracker tracker = new SeriesTracker(new SignalComposer(HOST, "0.1.0"),
                DetectorSettings.defaults().seasonal(false), signals::add);
        tracker.register(TowerRegistration.of(new TowerInfo("pg-replica", "postgres", "orders-db", "", Map.of()), List.of(
                Check.gauge("replication_lag_seconds").unit(Unit.SECONDS).minimumDelta(1).severity(Severity.HIGH),
                Check.gauge("replay_lag_bytes").unit(Unit.BYTES).minimumDelta(1_000_000),
                Check.gauge("connections").unit(Unit.COUNT).minimumDelta(5),
                Check.gauge("query_time").unit(Unit.MILLISECONDS).minimumDelta(5),
                Check.gauge("blocked_sessions").unit(Unit.COUNT).guardrailAbove(5))));
        tracker.register(TowerRegistration.of(new TowerInfo("haproxy-edge", "load-balancer", "web", "", Map.of()), List.of(
                Check.gauge("backend_down").unit(Unit.COUNT).guardrailAbove(0.5),
                Check.gauge("response_time").unit(Unit.MILLISECONDS).minimumDelta(5),
                Check.state("backend_state"))));
        tracker.register(TowerRegistration.of(new TowerInfo("dns-edge", "dns", "dns", "", Map.of()), List.of(
                Check.state("answer_set"), Check.gauge("resolve_time").unit(Unit.MILLISECONDS).minimumDelta(5))));
        List<String> checks = List.of("connect_time", "queue_depth", "consumers", "memory_used", "ops_per_second",
                "evictions", "keys", "hit_ratio_loss", "latency");
        List<Unit> units = List.of(Unit.MILLISECONDS, Unit.COUNT, Unit.COUNT, Unit.BYTES, Unit.PER_SECOND,
                Unit.PER_SECOND, Unit.COUNT, Unit.RATIO, Unit.MILLISECONDS);
        for (int c = 1; c <= 9; c++) {
            List<Check> list = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                list.add(Check.gauge(checks.get(i)).unit(units.get(i)));
            }
            tracker.register(TowerRegistration.of(new TowerInfo("svc-" + c, "redis-queue", "service-" + c, "", Map.of()),
                    list));
        }
        SplittableRandom r = new SplittableRandom(98);
        int probes = 600;
        long at = T0;
        for (int p = 0; p < probes; p++) {
            at += INTERVAL;
            boolean lagHigh = p >= probes - 20;
            boolean replayGone = p >= probes - 12;
            // the backend flaps in the last 24 minutes: down for 3 probes, up for 3
            int down = p >= probes - 96 && (p % 6) < 3 ? 1 : 0;
            List<Observation> pg = new ArrayList<>();
            pg.add(gauge("replica-1", "replication_lag_seconds", lagHigh ? 40 + (p % 20) * 1.5 : 0.2 + r.nextDouble() * 0.4));
            if (!replayGone) {
                pg.add(gauge("replica-1", "replay_lag_bytes", p >= probes - 40 ? 9e8 : 2e6 + r.nextDouble() * 1e6));
            }
            pg.add(gauge("replica-1", "connections", 40 + r.nextInt(8)));
            pg.add(gauge("replica-1", "query_time", 3 + r.nextDouble() * 2));
            pg.add(gauge("replica-1", "blocked_sessions", 0));
            accept(tracker, recent, "pg-replica", at, pg);
            accept(tracker, recent, "haproxy-edge", at, List.of(gauge("app-2", "backend_down", down),
                    gauge("app-2", "response_time", 20 + r.nextDouble() * 10),
                    new Observation("app-2", "backend_state", Observation.Type.STATE, Double.NaN, 0, 0,
                            down == 1 ? "DOWN" : p > 200 ? "UP" : "MAINT")));
            accept(tracker, recent, "dns-edge", at, List.of(
                    new Observation("orders.internal", "answer_set", Observation.Type.STATE, Double.NaN, 0, 0,
                            "10.0.0.5,10.0.0.6"),
                    gauge("orders.internal", "resolve_time", 1 + r.nextDouble())));
            for (int c = 1; c <= 9; c++) {
                List<Observation> o = new ArrayList<>();
                for (int i = 0; i < checks.size(); i++) {
                    double level = (i + 1) * c * 3;
                    double value = units.get(i) == Unit.RATIO ? 0.01 * r.nextDouble() : units.get(i) == Unit.BYTES
                            ? 5e8 + r.nextDouble() * 1e7 : checks.get(i).equals("evictions") ? 0 : level + r.nextDouble() * level * 0.1;
                    o.add(gauge("node-" + c, checks.get(i), value));
                }
                accept(tracker, recent, "svc-" + c, at, o);
            }
        }
        List<SeriesView> views = tracker.views();
        assertThat(views.stream().filter(v -> v.key().check().equals("replication_lag_seconds")).findFirst().orElseThrow()
                .firing()).as("the replication lag fires").isTrue();
        assertThat(views.stream().filter(v -> v.key().check().equals("replay_lag_bytes")).findFirst().orElseThrow()
                .stale()).as("the replay lag is stale").isTrue();
        Map<String, Signal> latest = new LinkedHashMap<>();
        signals.forEach(s -> latest.put(s.fingerprint(), s));
        List<SignalRecord> firing = latest.values().stream().filter(Signal::firing)
                .map(s -> SignalRecord.of(SignalJson.write(s))).toList();
        List<TowerRecord> towers = new ArrayList<>();
        for (String t : List.of("pg-replica", "haproxy-edge", "dns-edge")) {
            towers.add(new TowerRecord(HOST, t, "scripted", t, "0.1.0", "cfg", T0, at - 2000, 10_000));
        }
        html = new StatusPage(recent, "0.1.0").render(new StatusPage.Snapshot(HOST, "local", at + 5000, List.of(), towers,
                firing, views));
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("status.html"), html);
    }

    private static Observation gauge(String target, String check, double value) {
        return new Observation(target, check, Observation.Type.GAUGE, value, 0, 0, null);
    }

    private static void accept(SeriesTracker tracker, BandHistory recent, String tower, long at, List<Observation> o) {
        tracker.accept(new ProbeResult(tower, at, ProbeResult.Outcome.OK, null, o, Map.of(), 0));
        recent.sample(tracker.views());
    }

    /** Opens the page in a viewport of the given size, measures it and keeps a screenshot. */
    private static JsonNode measure(int width, int height, boolean phone, String png) throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium(OUT, width, height, phone)) {
            chromium.open(OUT.resolve("status.html").toUri().toString());
            JsonNode m = chromium.run(MEASUREMENT);
            chromium.screenshot(OUT.resolve(png));
            return m;
        }
    }

    @Test
    void theFiringSeriesAndItsPlotAreOnTheFirstScreenOfADesktop() throws Exception {
        JsonNode m = measure(1400, 900, false, "desktop-1400.png");
        assertThat(m.get("vw").asInt()).as("laid out at the viewport's width").isEqualTo(1400);
        assertThat(m.get("vh").asInt()).isEqualTo(900);
        assertThat(m.get("first").asText()).as("the firing series comes first")
                .isEqualTo("pg-replica/replica-1/replication_lag_seconds");
        assertThat(m.get("firingPlot").get("bottom").asDouble()).as("its whole plot is on the first screen")
                .isLessThanOrEqualTo(m.get("vh").asDouble());
        assertThat(m.get("firingPlot").get("width").asDouble()).as("a large plot").isGreaterThan(1000);
        assertThat(m.get("openDetails").asInt()).as("healthy series folded").isZero();
        assertThat(m.get("docWidth").asInt()).as("nothing overflows sideways").isLessThanOrEqualTo(1400);
    }

    @Test
    void theFiringSeriesIsOnTheFirstScreenOfAPhone() throws Exception {
        JsonNode m = measure(390, 844, true, "phone-390.png");
        assertThat(m.get("vw").asInt()).isEqualTo(390);
        assertThat(m.get("vh").asInt()).isEqualTo(844);
        assertThat(m.get("first").asText()).isEqualTo("pg-replica/replica-1/replication_lag_seconds");
        assertThat(m.get("firingName").get("bottom").asDouble()).as("its name is on the first screen")
                .isLessThanOrEqualTo(m.get("vh").asDouble());
        assertThat(m.get("firingPlot").get("top").asDouble()).as("and its plot begins on it")
                .isLessThan(m.get("vh").asDouble() - 60);
        assertThat(m.get("docWidth").asInt()).as("nothing overflows sideways").isLessThanOrEqualTo(390);
    }

    @Test
    void firingFlappingAndStaleComeFirstGroupedByComponentAndHealthyOnesFoldIntoOneLinePerComponent() {
        assertThat(html).doesNotContain("<script");
        int attention = html.indexOf("<section id=\"attention\">");
        int healthy = html.indexOf("<section id=\"healthy\">");
        assertThat(attention).isPositive().isLessThan(healthy);
        String top = html.substring(attention, healthy);
        assertThat(top).contains("<h2 class=\"component\">orders-db</h2>", "<h2 class=\"component\">web</h2>");
        assertThat(top.split("<h2 class=\"component\">orders-db</h2>", -1)).as("a component's series together").hasSize(2);
        assertThat(top.indexOf("data-series=\"pg-replica/replica-1/replication_lag_seconds\""))
                .as("firing before stale").isLessThan(top.indexOf("data-series=\"pg-replica/replica-1/replay_lag_bytes\""));
        assertThat(top).contains("class=\"card stale\"", ">STALE<", "No data since", "probed 12 times in a row");
        assertThat(top).contains(">FLAPPING<");
        assertThat(top).as("the firing span is shaded").contains("<rect class=\"firing-span\"");
        assertThat(top).as("the span without data is shaded").contains("<rect class=\"stale-span\"");
        // the backend's state flips every three probes and is said to flap; its down count, 0 for hours and
        // then half the time 1, is a shift of its level (the median of its newest readings moved), held
        // firing rather than paged on every flip
        assertThat(top).contains("<article class=\"card flapping\" data-series=\"haproxy-edge/app-2/backend_state\"",
                "<article class=\"card firing\" data-series=\"haproxy-edge/app-2/backend_down\"");
        assertThat(signals.stream().filter(s -> s.check().equals("backend_down") && s.firing()).count())
                .as("16 down spells: the down count is paged when it first breaks and once the shift holds, "
                        + "not on every flip").isBetween(1L, 2L);
        assertThat(html).contains("<p id=\"verdict\" class=\"bad\">2 firing · 1 flapping · 1 stale (no data)");
        // one line per healthy component, each folded
        Matcher details = Pattern.compile("<details class=\"component\" data-component=\"([^\"]+)\"><summary>").matcher(html);
        List<String> components = new ArrayList<>();
        while (details.find()) {
            components.add(details.group(1));
        }
        assertThat(components).contains("dns", "orders-db", "service-1", "service-7", "web").doesNotHaveDuplicates();
        assertThat(html).doesNotContain("<details open");
    }

    @Test
    void stateSeriesAreTimelinesAndBandsAreSaidInWords() {
        int answer = html.indexOf("data-series=\"dns-edge/orders.internal/answer_set\"");
        assertThat(answer).isPositive();
        String card = html.substring(answer, html.indexOf("</div></div></div>", answer));
        assertThat(card).contains("<rect class=\"state\" data-state=\"10.0.0.5,10.0.0.6\"", "steady at [10.0.0.5,10.0.0.6]");
        assertThat(card).doesNotContain("No values yet", "polyline");
        assertThat(html).as("a backend that changed state shows its states").contains("data-state=\"DOWN\"",
                "data-state=\"UP\"");
        assertThat(html).as("no band below zero for quantities that cannot be negative").doesNotContainPattern("usual -|usual −");
        Matcher multiple = Pattern.compile("([0-9.]+)× the usual").matcher(html);
        while (multiple.find()) {
            assertThat(Double.parseDouble(multiple.group(1))).as("no absurd multiples").isLessThan(100);
        }
        assertThat(html).as("a flat baseline of nothing is said in words").contains("usually exactly 0");
        assertThat(html).doesNotContain("NaN", "Infinity", "0.000000000");
    }
}
