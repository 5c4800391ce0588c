package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.signal.SignalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code watchtower query towers|baselines|signals|timeline|feedback [filters]}: asks a daemon's API and
 * prints a table (default) or the JSON answer. {@code feedback} ranks the fleet's checks by how often
 * their pages were answered {@code noise}. A partial answer (fleet registry unreachable) is
 * printed with a warning on stderr.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Ask a daemon what runs where and what is normal: towers, baselines, signals, or a component's timeline.")
final class QueryCommand implements Callable<Integer> {

    /** What to ask for. */
    enum What { towers, baselines, signals, timeline, feedback }

    /** How to print it. */
    enum Output { table, json }

    @Parameters(index = "0", paramLabel = "WHAT", description = "towers, baselines, signals, timeline or feedback (checks by noise answers)")
    What what;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://127.0.0.1:9477",
            description = "the daemon's API (default: ${DEFAULT-VALUE})")
    String api;

    @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding a bearer token")
    Path tokenFile;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Output output;

    @Option(names = "--component", description = "only this component (required for timeline)")
    String component;

    @Option(names = "--check", description = "only this check (baselines)")
    String check;

    @Option(names = "--host", description = "only this host")
    String host;

    @Option(names = "--series", description = "one series, tower/target/check: its baseline per season bucket")
    String series;

    @Option(names = "--state", description = "signals: firing (firing now), resolved or stale")
    String state;

    @Option(names = "--since", description = "signals, timeline, feedback: from (ISO-8601 instant, or 30m, 2h, 7d ago;"
            + " feedback defaults to 30d)")
    String since;

    @Option(names = "--until", description = "signals, timeline: until (ISO-8601 instant, or a duration ago)")
    String until;

    @Option(names = "--limit", description = "at most this many")
    Integer limit;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        String path;
        switch (what) {
            case towers:
                path = "/api/v1/towers";
                break;
            case baselines:
                if (series != null) {
                    path = "/api/v1/baselines/" + series;
                } else {
                    path = "/api/v1/baselines";
                    params.put("component", component);
                    params.put("check", check);
                }
                params.put("host", host);
                break;
            case signals:
                path = "/api/v1/signals";
                params.put("state", state);
                params.put("component", component);
                params.put("host", host);
                break;
            case feedback:
                path = "/api/v1/feedback/checks";
                params.put("since", since);
                break;
            default:
                if (component == null) {
                    err.println("timeline needs --component");
                    return 2;
                }
                path = "/api/v1/components/" + URLEncoder.encode(component, StandardCharsets.UTF_8).replace("+", "%20")
                        + "/timeline";
                params.put("host", host);
                break;
        }
        if (what == What.signals || what == What.timeline) {
            params.put("since", since);
            params.put("until", until);
        }
        params.put("limit", limit == null ? null : limit.toString());
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null) {
                query.append(query.length() == 0 ? "?" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        HttpResponse<String> response;
        try {
            response = new ApiClient(api, tokenFile).send("GET", path + query, null, Duration.ofSeconds(30));
        } catch (IOException e) {
            err.println("cannot reach " + api + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
        JsonNode body;
        try {
            body = SignalJson.mapper().readTree(response.body());
        } catch (IOException e) {
            err.println("the daemon answered " + response.statusCode() + " with something that is not JSON");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println("error " + response.statusCode() + ": " + body.path("error").asText(response.body()));
            return 1;
        }
        if (body.path("partial").asBoolean(false)) {
            for (JsonNode m : body.path("missing")) {
                err.println("partial answer: " + m.asText());
            }
        }
        if (output == Output.json) {
            out.println(SignalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(body));
            return 0;
        }
        switch (what) {
            case towers:
                table(body.path("towers"), List.of("HOST", "TOWER", "TYPE", "COMPONENT", "STATE", "HEARTBEAT", "VERSION"),
                        n -> List.of(n.path("host").asText(), n.path("id").asText(), n.path("type").asText(),
                                n.path("component").asText(), n.path("state").asText(),
                                String.format(Locale.ROOT, "%.1fs ago", n.path("heartbeat_age_seconds").asDouble()),
                                n.path("version").asText()));
                break;
            case baselines:
                JsonNode rows = series != null ? body.path("buckets") : body.path("series");
                table(rows, List.of("HOST", "SERIES", "COMPONENT", "STATE", "BUCKET", "CONFIDENCE", "SAMPLES", "EXPECTED",
                                "BAND", "LAST"),
                        n -> List.of(n.path("host").asText(), n.path("series").asText(), n.path("component").asText(),
                                seriesState(n),
                                n.path("season_bucket").asText("-"), n.path("confidence").asText(),
                                n.path("samples").asText(), num(n.path("expected")),
                                n.has("lower") ? num(n.path("lower")) + " – " + num(n.path("upper")) : "-",
                                num(n.path("last_value"))));
                for (JsonNode n : rows) {
                    for (JsonNode f : n.path("feedback")) {
                        out.println("feedback on " + n.path("series").asText() + " (" + n.path("host").asText()
                                + "): " + f.path("text").asText());
                    }
                }
                break;
            case feedback:
                table(body.path("checks"), List.of("COMPONENT", "CHECK", "NOISE", "EXPECTED", "USEFUL", "HOSTS", "LAST"),
                        n -> List.of(n.path("component").asText(), n.path("check").asText(), n.path("noise").asText(),
                                n.path("expected").asText(), n.path("useful").asText(), n.path("hosts").asText(),
                                n.path("last").asText()));
                break;
            case signals:
                table(body.path("signals"), List.of("AT", "HOST", "COMPONENT", "CHECK", "KIND", "STATE", "SEVERITY", "SUMMARY"),
                        n -> List.of(n.path("at").asText(), n.path("tower").path("host").asText(),
                                n.path("component").asText(), n.path("check").asText(), n.path("kind").asText(),
                                n.path("state").asText(), n.path("severity").asText(), n.path("summary").asText()));
                break;
            default:
                table(body.path("transitions"), List.of("AT", "HOST", "TOWER", "CHECK", "KIND", "STATE", "SUMMARY"),
                        n -> List.of(n.path("at").asText(), n.path("host").asText(), n.path("tower").asText(),
                                n.path("check").asText(), n.path("kind").asText(), n.path("state").asText(),
                                n.path("summary").asText()));
                break;
        }
        return 0;
    }

    /** @return ok, firing, firing (flapping), or stale with since when; "-" for a fleet row published without a state */
    private static String seriesState(JsonNode n) {
        String state = n.path("state").asText("-");
        if ("stale".equals(state)) {
            return "stale since " + n.path("stale_since").asText();
        }
        return "firing".equals(state) && n.path("flapping").asBoolean(false) ? "firing (flapping)" : state;
    }

    private static String num(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return "-";
        }
        double v = n.asDouble();
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private void table(JsonNode rows, List<String> header, java.util.function.Function<JsonNode, List<String>> row) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (JsonNode n : rows) {
            lines.add(row.apply(n));
        }
        int[] widths = new int[header.size()];
        for (List<String> l : lines) {
            for (int i = 0; i < l.size() - 1; i++) {
                widths[i] = Math.max(widths[i], l.get(i).length());
            }
        }
        for (List<String> l : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                b.append(i == l.size() - 1 ? l.get(i) : String.format("%-" + widths[i] + "s  ", l.get(i)));
            }
            out.println(b.toString().stripTrailing());
        }
        if (lines.size() == 1) {
            out.println("(none)");
        }
    }
}
