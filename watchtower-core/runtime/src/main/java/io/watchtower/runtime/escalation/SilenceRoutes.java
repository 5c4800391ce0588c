package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.http.ApiRequest;
import io.watchtower.runtime.http.ApiResponse;
import io.watchtower.runtime.signal.SignalJson;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code /api/v1/silences}: list ({@code GET}, {@code ?all=true} includes ended ones), create
 * ({@code POST} a JSON body {@code {component, check, tower, host, duration, author, comment}}),
 * expire ({@code DELETE /api/v1/silences/<id>}, optional {@code ?author=}). The API's router
 * authenticates the caller; {@code who} (the token name) is recorded in the audit log, the
 * {@code author} (defaulting to {@code who}) on the silence.
 */
public final class SilenceRoutes {

    /** The path prefix. */
    public static final String PREFIX = "/api/v1/silences";

    private final SilenceStore silences;

    /** @param silences the silences */
    public SilenceRoutes(SilenceStore silences) {
        this.silences = silences;
    }

    /**
     * @param request {@code GET /api/v1/silences}
     * @param who the caller
     * @return the silences
     */
    public ApiResponse list(ApiRequest request, String who) {
        if (!request.path().equals(PREFIX)) {
            return error(404, "not found");
        }
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.set("silences", SignalJson.mapper().valueToTree(silences.list("true".equals(request.param("all")))));
        return ApiResponse.json(200, body.toString());
    }

    /**
     * @param request {@code POST /api/v1/silences} with a JSON body
     * @param who the caller
     * @return the created silence (201) or what is wrong (400)
     */
    public ApiResponse create(ApiRequest request, String who) {
        if (!request.path().equals(PREFIX)) {
            return error(404, "not found");
        }
        JsonNode body;
        try {
            body = SignalJson.mapper().readTree(request.bodyText());
        } catch (IOException e) {
            return error(400, "expected a JSON object {component, check, tower, host, duration, author, comment}");
        }
        if (body == null || !body.isObject()) {
            return error(400, "expected a JSON object {component, check, tower, host, duration, author, comment}");
        }
        Duration duration;
        try {
            duration = duration(text(body, "duration"));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        String author = text(body, "author");
        try {
            Silence created = silences.create(new Silence(null, text(body, "component"), text(body, "check"),
                            text(body, "tower"), text(body, "host"), null, null, null, null, null, null), duration,
                    author == null || author.isBlank() ? who : author, text(body, "comment"), who);
            return ApiResponse.json(201, SignalJson.mapper().valueToTree(created).toString());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    /**
     * @param request {@code DELETE /api/v1/silences/<id>}
     * @param who the caller
     * @return the expired silence, or 404
     */
    public ApiResponse expire(ApiRequest request, String who) {
        String id = request.path().startsWith(PREFIX + "/") ? request.path().substring(PREFIX.length() + 1) : "";
        if (id.isEmpty()) {
            return error(404, "expected DELETE " + PREFIX + "/<id>");
        }
        String author = request.param("author");
        Optional<Silence> expired = silences.expire(id, author == null || author.isBlank() ? who : author, who);
        return expired.map(s -> ApiResponse.json(200, SignalJson.mapper().valueToTree(s).toString()))
                .orElseGet(() -> error(404, "no active silence " + id));
    }

    /**
     * @param text for example {@code 90m}, {@code 2h}, {@code 1d}
     * @return the duration
     * @throws IllegalArgumentException when it is missing or not a duration
     */
    public static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a silence needs a duration such as 30m, 2h or 1d");
        }
        try {
            return ConfigFactory.parseString("d = " + com.typesafe.config.ConfigUtil.quoteString(text)).getDuration("d");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\" (expected for example 30m, 2h or 1d)");
        }
    }

    private static String text(JsonNode body, String key) {
        JsonNode value = body.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static ApiResponse error(int status, String message) {
        return ApiResponse.json(status, SignalJson.mapper().createObjectNode().put("error", message).toString());
    }
}
