package io.watchtower.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.http.ApiResponse;
import io.watchtower.runtime.http.ApiRoutes;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.SignalJson;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The daemon's HTTP answers: {@code /health}, {@code /ready}, {@code /version}, {@code /api/v1/baselines}. */
final class DaemonRoutes implements ApiRoutes {

    private final Daemon daemon;

    DaemonRoutes(Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public ApiResponse answer(String method, String path, Map<String, List<String>> query) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return ApiResponse.json(405, "{\"error\":\"method not allowed\"}");
        }
        switch (path) {
            case "/health":
                return ApiResponse.json(200, "{\"status\":\"up\"}");
            case "/ready":
                return ready();
            case "/version":
                return ApiResponse.json(200, "{\"version\":\"" + WatchtowerVersion.get() + "\"}");
            case "/api/v1/baselines":
                return baselines();
            default:
                return ApiResponse.json(404, "{\"error\":\"not found\"}");
        }
    }

    private ApiResponse baselines() {
        com.fasterxml.jackson.databind.node.ArrayNode series = SignalJson.mapper().createArrayNode();
        for (SeriesView view : daemon.tracker().views()) {
            ObjectNode node = series.addObject();
            node.put("series", view.key().id());
            node.put("tower", view.key().tower());
            node.put("target", view.key().target());
            node.put("check", view.key().check());
            node.put("component", view.component());
            node.put("unit", view.unit());
            node.put("confidence", view.confidence().wireName());
            node.put("samples", view.samples());
            Verdict last = view.last();
            if (last != null) {
                putFinite(node, "expected", last.expected());
                putFinite(node, "lower", last.lower());
                putFinite(node, "upper", last.upper());
                putFinite(node, "last_value", last.value());
                node.put("season_bucket", last.seasonBucket());
            }
            node.put("firing", view.firing());
            if (view.firingKind() != null) {
                node.put("firing_kind", view.firingKind());
            }
        }
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("host", daemon.config().host());
        body.set("series", series);
        return ApiResponse.json(200, body.toString());
    }

    private static void putFinite(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        }
    }

    private ApiResponse ready() {
        ObjectNode body = SignalJson.mapper().createObjectNode();
        boolean ready = daemon.ready();
        body.put("ready", ready);
        body.put("towers_configured", daemon.config().towers().size());
        body.put("towers_scheduled", daemon.scheduler().scheduled().size());
        body.put("scheduler_beat_seconds_ago", daemon.scheduler().sinceLastBeat().toSeconds());
        body.put("journal_writable", daemon.journal().writable());
        body.put("state_dir_writable", Files.isWritable(daemon.config().stateDir()));
        return ApiResponse.json(ready ? 200 : 503, body.toString());
    }
}
