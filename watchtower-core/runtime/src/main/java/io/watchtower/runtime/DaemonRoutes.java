package io.watchtower.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.http.ApiResponse;
import io.watchtower.runtime.http.ApiRoutes;
import io.watchtower.runtime.signal.SignalJson;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The daemon's HTTP answers: {@code /health}, {@code /ready}, {@code /version}. */
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
            default:
                return ApiResponse.json(404, "{\"error\":\"not found\"}");
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
