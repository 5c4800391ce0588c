package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.watchtower.runtime.http.ApiRequest;
import io.watchtower.runtime.http.ApiResponse;
import io.watchtower.runtime.signal.SignalJson;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/silences}: list ({@code GET}, {@code ?all=true} includes ended ones; each carries
 * {@code state}: {@code active} or {@code expired}), create
 * ({@code POST} a JSON body {@code {component, check, tower, host, duration, author, comment}}),
 * expire ({@code DELETE /api/v1/silences/<id>}, optional {@code ?author=}). The API's router
 * authenticates the caller; {@code who} (the token name) is recorded in the audit log, the
 * {@code author} (defaulting to {@code who}) on the silence.
 */
public final class SilenceRoutes {

    /** The path prefix. */
    public static final String PREFIX = "/api/v1/silences";

    /** The fields of a silence a client sends. */
    static final List<String> FIELDS = List.of("component", "check", "tower", "host", "duration", "author", "comment");

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
        String all = request.param("all");
        if (all != null && !all.isEmpty() && !all.equals("true") && !all.equals("false")) {
            return error(400, "all must be true or false, got \"" + all + "\"");
        }
        return ApiResponse.json(200, SilenceJson.list(silences.list("true".equals(all)), silences.now()));
    }

    /**
     * @param request {@code POST /api/v1/silences} with a JSON body
     * @param who the caller
     * @return the created silence (201) or what is wrong (400, naming the field)
     */
    public ApiResponse create(ApiRequest request, String who) {
        if (!request.path().equals(PREFIX)) {
            return error(404, "not found");
        }
        JsonNode body;
        try {
            body = SignalJson.mapper().readTree(request.bodyText());
        } catch (IOException e) {
            return error(400, "expected a JSON object {" + String.join(", ", FIELDS) + "}");
        }
        if (body == null || !body.isObject()) {
            return error(400, "expected a JSON object {" + String.join(", ", FIELDS) + "}");
        }
        try {
            for (java.util.Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException("unknown field \"" + name + "\": a silence takes "
                            + String.join(", ", FIELDS));
                }
            }
            Silence matchers = new Silence(null, matcher(body, "component"), matcher(body, "check"),
                    matcher(body, "tower"), matcher(body, "host"), null, null, null, null, null, null);
            if (matchers.matchers().isEmpty()) {
                throw new IllegalArgumentException("a silence needs at least one of component, check, tower, host");
            }
            Duration duration = duration(string(body, "duration"));
            String author = string(body, "author");
            Silence created = silences.create(matchers, duration, author == null || author.isBlank() ? who : author,
                    string(body, "comment"), who);
            return ApiResponse.json(201, SilenceJson.text(created));
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
        return expired.map(s -> ApiResponse.json(200, SilenceJson.text(s)))
                .orElseGet(() -> error(404, "no active silence " + id));
    }

    /**
     * Reads a silence's duration. A unit is required: a bare number such as {@code 3600} is
     * rejected rather than guessed (Typesafe Config would read it as milliseconds).
     *
     * @param text for example {@code 90m}, {@code 2h}, {@code 1d}
     * @return the duration, from {@link SilenceStore#MIN_DURATION} to {@link SilenceStore#MAX_DURATION}
     * @throws IllegalArgumentException naming the field and the expected form when it is missing, not a
     *                                  duration with a unit, or out of range
     */
    public static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("duration is required: expected for example 30m, 2h or 1d");
        }
        String t = text.strip();
        if (!Character.isLetter(t.charAt(t.length() - 1))) {
            throw new IllegalArgumentException("duration needs a unit, got \"" + text + "\": expected for example 30m,"
                    + " 2h or 1d (a bare number is not taken as seconds)");
        }
        Duration d;
        try {
            d = ConfigFactory.parseString("d = " + ConfigUtil.quoteString(t)).getDuration("d");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("duration is not a duration: \"" + text + "\" (expected for example 30m,"
                    + " 2h or 1d)");
        }
        if (d.compareTo(SilenceStore.MIN_DURATION) < 0 || d.compareTo(SilenceStore.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration must be between 1m and " + SilenceStore.MAX_DURATION.toDays()
                    + "d, got \"" + text + "\"");
        }
        return d;
    }

    /** A matcher: absent or null matches anything; otherwise a non-empty string. */
    private static String matcher(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string, got " + kind(value)
                    + ": leave it out to match any " + key);
        }
        if (value.asText().isBlank()) {
            throw new IllegalArgumentException(key + " is empty: give a value, or leave it out to match any " + key);
        }
        return value.asText().strip();
    }

    private static String string(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string, got " + kind(value)
                    + (key.equals("duration") ? " (expected for example \"30m\", \"2h\" or \"1d\")" : ""));
        }
        return value.asText();
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + value;
    }

    private static ApiResponse error(int status, String message) {
        return ApiResponse.jsonField(status, "error", message);
    }
}
