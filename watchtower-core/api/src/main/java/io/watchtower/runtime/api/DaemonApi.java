package io.watchtower.runtime.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.http.ApiRequest;
import io.watchtower.runtime.http.ApiResponse;
import io.watchtower.runtime.http.ApiRoutes;
import io.watchtower.runtime.metrics.DaemonMetrics;
import io.watchtower.runtime.registry.Answer;
import io.watchtower.runtime.registry.BaselineQuery;
import io.watchtower.runtime.registry.BaselineRecord;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.SignalQuery;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.registry.TowerRecord;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon's HTTP API: {@code /health}, {@code /ready}, {@code /version}, {@code /metrics}, the
 * status page {@code /}, and JSON under {@code /api/v1/}. docs/api.md documents every route.
 *
 * <p>Access: {@code /health}, {@code /ready} and {@code /version} are open. With tokens
 * configured, everything else needs {@code Authorization: Bearer <token>} of the route's scope;
 * without tokens, reads are open and admin actions refused. Reading the audit log is an admin
 * action: it is refused without tokens too. Every client is rate-limited, and every
 * admin action is written to the {@link ControlAuditLog} before it is answered. Other parts of the daemon
 * add routes with {@link #route}.
 */
public final class DaemonApi implements ApiRoutes {

    /** A route added by another part of the daemon. */
    @FunctionalInterface
    public interface Endpoint {
        /**
         * @param request the request
         * @param who the token name, or {@code anonymous}
         * @return the answer
         */
        ApiResponse answer(ApiRequest request, String who);
    }

    /** The audit log: admin scope only, even to read, and never open without tokens. */
    private static final String AUDIT = "/api/v1/audit";
    /** The earliest instant a time parameter may name. */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    /** The latest instant a time parameter may name. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10_000;

    private final EngineView daemon;
    private final String version;
    private final Registry registry;
    private final DaemonMetrics metrics;
    private final ControlAuditLog audit;
    private final BandHistory recent;
    private final TowerClock clock;
    /** Tokens and rate limits in force, replaced whole by a reload. */
    private volatile Access access;
    private final StatusPage page;
    private final RouteTable table = new RouteTable();

    /**
     * @param daemon the running engine
     * @param registry its registry
     * @param metrics its metrics
     * @param audit the audit log
     * @param recent recent values for the status page
     * @param settings access settings
     * @param version the daemon's version
     * @param clock the clock
     */
    public DaemonApi(EngineView daemon, Registry registry, DaemonMetrics metrics, ControlAuditLog audit, BandHistory recent,
                     ApiSettings settings, String version, TowerClock clock) {
        this.daemon = daemon;
        this.version = version;
        this.registry = registry;
        this.metrics = metrics;
        this.audit = audit;
        this.recent = recent;
        this.clock = clock;
        this.access = new Access(settings, new RateLimiter(settings.ratePerSecond(), settings.burst(), clock));
        this.page = new StatusPage(recent, version);
        table.open("/health", true, (request, who) -> ApiResponse.json(200, "{\"status\":\"up\"}"));
        table.open("/version", true, (request, who) -> ApiResponse.jsonField(200, "version", version));
        table.open("/ready", false, (request, who) -> ready()); // stats the state dir
        table.add("GET", "/", Scope.READ, this::statusPage);
        table.add("GET", "/index.html", "/", Scope.READ, this::statusPage);
        table.add("GET", "/metrics", Scope.READ, (request, who) -> new ApiResponse(200, metrics.contentType(), metrics.scrape()));
        table.add("GET", "/api/v1/towers", Scope.READ, (request, who) -> towers());
        table.add("GET", "/api/v1/baselines", Scope.READ, (request, who) -> baselines(request));
        table.add("GET", "/api/v1/baselines/{series}", Scope.READ, (request, who) -> series(
                request.path().substring("/api/v1/baselines/".length()), request.param("host")));
        table.add("GET", "/api/v1/signals", Scope.READ, (request, who) -> signals(request));
        table.add("GET", "/api/v1/components/{component}/timeline", Scope.READ, (request, who) -> timeline(
                request.path().substring("/api/v1/components/".length(), request.path().length() - "/timeline".length()),
                request));
        table.add("GET", AUDIT, Scope.ADMIN, this::auditEntries); // admin only, even to read
        table.add("POST", "/api/v1/registry/prune", Scope.ADMIN, this::prune);
    }

    /**
     * Adds a route. A template is a path, or a path with one {@code {name}} part that matches any
     * text (slashes too), for example {@code /api/v1/silences/{id}}; it is also the route's label in
     * {@code watchtower_api_requests_total} (prefixed by the method unless GET). Routes of scope
     * {@link Scope#ADMIN} should record what they do in {@link #audit()}. Added routes run on the
     * listener's workers, never on its event loop.
     *
     * @param method the HTTP method
     * @param template the path template
     * @param scope the scope a caller needs
     * @param endpoint what answers
     */
    public void route(String method, String template, Scope scope, Endpoint endpoint) {
        table.add(method, template, scope, endpoint);
    }

    /** Who may call, and how often: the settings and the buckets counted under them. */
    private record Access(ApiSettings settings, RateLimiter limiter) {
    }

    /**
     * Applies new access settings from the next request on: a token no longer listed is refused,
     * a new one admitted; a changed rate or burst counts afresh under the new limit (unchanged, each
     * client keeps what it has left).
     *
     * @param next the new access settings
     */
    public void access(ApiSettings next) {
        Access now = access;
        boolean sameLimit = now.settings().ratePerSecond() == next.ratePerSecond()
                && now.settings().burst() == next.burst();
        access = new Access(next, sameLimit ? now.limiter()
                : new RateLimiter(next.ratePerSecond(), next.burst(), clock));
    }

    /** @return the audit log, for admin actions of other parts of the daemon */
    public ControlAuditLog audit() {
        return audit;
    }

    @Override
    public ApiResponse answer(String method, String path, Map<String, List<String>> query) {
        return answer(new ApiRequest(method, path, query, Map.of(), "", new byte[0]));
    }

    @Override
    public ApiResponse answer(ApiRequest request) {
        RouteTable.Route route = table.find(request.method(), request.path());
        ApiResponse response;
        try {
            response = dispatch(request, route);
        } catch (IllegalArgumentException e) {
            response = error(400, e.getMessage());
        }
        metrics.request(route != null ? route.label() : RouteTable.otherLabel(request.path()), response.status());
        if (request.method().equals("HEAD")) {
            return new ApiResponse(response.status(), response.contentType(), new byte[0]);
        }
        return response;
    }

    /** Open routes that answer from memory are quick; the rest run on the listener's workers. */
    @Override
    public boolean quick(ApiRequest request) {
        RouteTable.Route route = table.find(request.method(), request.path());
        return route != null && route.quick();
    }

    private ApiResponse dispatch(ApiRequest request, RouteTable.Route route) {
        String path = request.path();
        if (route != null && route.scope() == null) {
            return route.endpoint().answer(request, "anonymous");
        }
        Access access = this.access;
        ApiSettings settings = access.settings();
        if (!access.limiter().allow(request.remoteAddress())) {
            return error(429, "too many requests: at most " + settings.ratePerSecond() + " per second per client");
        }
        boolean get = RouteTable.method(request.method()).equals("GET");
        Scope needed = route != null ? route.scope() : get ? Scope.READ : Scope.ADMIN;
        String who;
        if (settings.tokens().isEmpty()) {
            if (needed == Scope.ADMIN) {
                return error(403, (path.equals(AUDIT) ? "reading the audit log needs" : "admin actions need")
                        + " an admin token: configure watchtower.api.tokens with scope = admin");
            }
            who = "anonymous";
        } else {
            ApiToken token = token(settings, request.header("authorization"));
            if (token == null) {
                return error(401, "missing or unknown bearer token: send Authorization: Bearer <token>");
            }
            if (!token.scope().grants(needed)) {
                return error(403, "token " + token.name() + " has scope " + token.scope().name().toLowerCase()
                        + "; this needs " + needed.name().toLowerCase());
            }
            who = token.name();
        }
        if (route == null) {
            return get ? error(404, "not found: " + request.path()) : error(405, "method not allowed");
        }
        return route.endpoint().answer(request, who);
    }

    private ApiResponse prune(ApiRequest request, String who) {
        audit.record(who, "registry.prune", Map.of("retention", registry.settings().retention().toString()));
        Answer<Long> pruned = registry.prune();
        return json(200, g -> {
            g.writeStartObject();
            g.writeNumberField("pruned", pruned.items().get(0));
            partial(g, pruned);
            g.writeEndObject();
        });
    }

    private ApiResponse statusPage(ApiRequest request, String who) {
        return new ApiResponse(200, "text/html; charset=utf-8", page.render(daemon, registry,
                clock.now().toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    }

    private ApiResponse auditEntries(ApiRequest request, String who) {
        List<String> lines = audit.recent(limit(request));
        return json(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("entries");
            for (String line : lines) {
                copy(g, line);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static ApiToken token(ApiSettings settings, String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        ApiToken found = null;
        for (ApiToken t : settings.tokens()) {
            if (MessageDigest.isEqual(given, t.secret().getBytes(StandardCharsets.UTF_8))) {
                found = t;
            }
        }
        return found;
    }

    /** Writes a response body with Jackson's streaming generator. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static ApiResponse json(int status, Body body) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ApiResponse.json(status, out.toString());
    }

    private static ApiResponse error(int status, String message) {
        return ApiResponse.jsonField(status, "error", message);
    }

    private static void partial(JsonGenerator g, Answer<?> answer) throws IOException {
        g.writeBooleanField("partial", answer.partial());
        g.writeArrayFieldStart("missing");
        for (String m : answer.missing()) {
            g.writeString(m);
        }
        g.writeEndArray();
    }

    /** Copies one stored JSON document (a journaled signal, an audit line) into the answer, compacted. */
    private static void copy(JsonGenerator g, String json) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            p.nextToken();
            g.copyCurrentStructure(p);
        }
    }

    private static int limit(ApiRequest request) {
        String l = request.param("limit");
        if (l == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(l);
            if (n < 1 || n > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got \"" + l
                    + "\"");
        }
    }

    /**
     * ISO-8601 instant, or a duration before now such as {@code 90m}, {@code 2h}, {@code 7d}; the
     * instant must lie between {@link #EARLIEST} and {@link #LATEST}.
     */
    private long time(ApiRequest request, String name, long fallback) {
        String v = request.param(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String expected = name + " must be an ISO-8601 instant between " + EARLIEST + " and " + LATEST
                + " (2026-11-21T10:00:00Z) or a duration before now (90s, 30m, 2h, 7d), got \"" + v + "\"";
        Instant at;
        try {
            at = Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                at = clock.now().minus(parseAgo(v));
            } catch (RuntimeException x) {
                throw new IllegalArgumentException(expected);
            }
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new IllegalArgumentException(expected);
        }
        return at.toEpochMilli();
    }

    /**
     * @param v a positive whole number and a unit: {@code s}, {@code m}, {@code h} or {@code d}
     * @return the duration
     * @throws IllegalArgumentException when it is not one
     */
    static Duration parseAgo(String v) {
        if (!v.matches("[0-9]{1,9}[smhd]")) {
            throw new IllegalArgumentException(v);
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        switch (v.charAt(v.length() - 1)) {
            case 's':
                return Duration.ofSeconds(n);
            case 'm':
                return Duration.ofMinutes(n);
            case 'h':
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    private ApiResponse ready() {
        boolean ready = daemon.ready();
        return json(ready ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeBooleanField("ready", ready);
            g.writeNumberField("towers_configured", daemon.config().towers().size());
            g.writeNumberField("towers_scheduled", daemon.scheduler().scheduled().size());
            g.writeNumberField("scheduler_beat_seconds_ago", daemon.scheduler().unansweredFor().toSeconds());
            g.writeBooleanField("journal_writable", daemon.journal().writable());
            g.writeNumberField("journal_held_signals", daemon.appender().held());
            g.writeNumberField("state_dir_free_bytes", daemon.stateDirFreeBytes());
            g.writeBooleanField("state_dir_writable", Files.isWritable(daemon.config().stateDir()));
            g.writeStringField("registry", !registry.fleetConfigured() ? "local" : registry.fleetUp() ? "fleet"
                    : "fleet-unreachable");
            g.writeEndObject();
        });
    }

    private ApiResponse towers() {
        Answer<TowerRecord> answer = registry.towers();
        long now = clock.now().toEpochMilli();
        String host = daemon.config().host();
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("host", host);
            partial(g, answer);
            g.writeArrayFieldStart("towers");
            for (TowerRecord t : answer.items()) {
                g.writeStartObject();
                g.writeStringField("host", t.host());
                g.writeStringField("id", t.id());
                g.writeStringField("type", t.type());
                g.writeStringField("component", t.component());
                g.writeStringField("version", t.version());
                g.writeStringField("config_hash", t.configHash());
                g.writeStringField("started", SignalComposer.iso(t.startedMs()));
                g.writeStringField("heartbeat", SignalComposer.iso(t.heartbeatMs()));
                g.writeNumberField("heartbeat_age_seconds", Math.max(0, now - t.heartbeatMs()) / 1000.0);
                g.writeStringField("state", t.stale(now) ? "blind-spot" : "alive");
                if (t.host().equals(host)) {
                    ProbeResult.Drops drops = metrics.droppedObservations(t.id());
                    g.writeObjectFieldStart("dropped_observations");
                    g.writeNumberField("over_cap", drops.overCap());
                    g.writeNumberField("late", drops.late());
                    g.writeNumberField("invalid", drops.invalid());
                    g.writeNumberField("total", drops.total());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private ApiResponse baselines(ApiRequest request) {
        BaselineQuery query = new BaselineQuery(request.param("component"), request.param("check"), request.param("host"));
        int limit = limit(request);
        String host = daemon.config().host();
        List<SeriesView> live = new ArrayList<>();
        if (query.host() == null || query.host().equals(host)) {
            for (SeriesView v : daemon.tracker().views()) {
                if ((query.component() == null || query.component().equals(v.component()))
                        && (query.check() == null || query.check().equals(v.key().check())) && live.size() < limit) {
                    live.add(v);
                }
            }
        }
        boolean hostOnly = query.host() != null && query.host().equals(host);
        Answer<BaselineRecord> answer = hostOnly ? null : registry.baselines(query);
        List<BaselineRecord> stored = new ArrayList<>();
        if (answer != null) {
            for (BaselineRecord b : answer.items()) {
                if (!b.host().equals(host) && live.size() + stored.size() < limit) {
                    stored.add(b);
                }
            }
        }
        long now = clock.now().toEpochMilli();
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("host", host);
            g.writeArrayFieldStart("series");
            for (SeriesView v : live) {
                live(g, host, v);
            }
            for (BaselineRecord b : stored) {
                stored(g, b, now);
            }
            g.writeEndArray();
            if (answer == null) {
                g.writeBooleanField("partial", false);
                g.writeArrayFieldStart("missing");
                g.writeEndArray();
            } else {
                partial(g, answer);
            }
            g.writeBooleanField("truncated", live.size() + stored.size() >= limit);
            g.writeEndObject();
        });
    }

    private static void live(JsonGenerator g, String host, SeriesView view) throws IOException {
        g.writeStartObject();
        g.writeStringField("host", host);
        g.writeStringField("series", view.key().id());
        g.writeStringField("tower", view.key().tower());
        g.writeStringField("target", view.key().target());
        g.writeStringField("check", view.key().check());
        g.writeStringField("component", view.component());
        g.writeStringField("unit", view.unit());
        g.writeStringField("confidence", view.confidence().wireName());
        g.writeNumberField("samples", view.samples());
        g.writeStringField("learned_since", view.learnedSince() >= 0 ? SignalComposer.iso(view.learnedSince()) : null);
        Verdict last = view.last();
        if (last != null) {
            finite(g, "expected", last.expected());
            finite(g, "lower", last.lower());
            finite(g, "upper", last.upper());
            finite(g, "last_value", last.value());
            g.writeStringField("season_bucket", last.seasonBucket());
            g.writeStringField("updated", SignalComposer.iso(last.at()));
        }
        g.writeStringField("state", view.state());
        g.writeBooleanField("firing", view.firing());
        if (view.firingKind() != null) {
            g.writeStringField("firing_kind", view.firingKind().wireName());
        }
        if (view.firingSince() >= 0) {
            g.writeStringField("firing_since", SignalComposer.iso(view.firingSince()));
        }
        g.writeBooleanField("flapping", view.flapping());
        FeedbackNotes.json(g, view);
        if (view.stale()) {
            g.writeStringField("stale_since", SignalComposer.iso(view.staleSince()));
            g.writeStringField("stale_reason", "no observation for " + view.missedProbes() + " probes of tower "
                    + view.key().tower() + " in a row while the tower still probes");
        }
        g.writeEndObject();
    }

    private static void stored(JsonGenerator g, BaselineRecord b, long now) throws IOException {
        g.writeStartObject();
        g.writeStringField("host", b.host());
        g.writeStringField("series", b.series());
        g.writeStringField("tower", b.tower());
        g.writeStringField("target", b.target());
        g.writeStringField("check", b.check());
        g.writeStringField("component", b.component());
        g.writeStringField("unit", b.unit());
        g.writeStringField("confidence", b.confidence());
        g.writeNumberField("samples", b.samples());
        g.writeStringField("learned_since", SignalComposer.iso(b.learnedSinceMs()));
        JsonValues.optionalField(g, "expected", b.expected());
        JsonValues.optionalField(g, "lower", b.lower());
        JsonValues.optionalField(g, "upper", b.upper());
        JsonValues.optionalField(g, "last_value", b.lastValue());
        g.writeStringField("season_bucket", b.seasonBucket());
        g.writeStringField("updated", SignalComposer.iso(b.updatedMs()));
        g.writeNumberField("revisions", b.revisions());
        if (b.state() != null) {
            g.writeStringField("state", b.state());
            g.writeBooleanField("flapping", b.flapping());
        }
        // adjustments as the host published them, less those that expired since
        FeedbackNotes.json(g, b.feedbackInForce(now));
        if (b.staleSinceMs() != null) {
            g.writeStringField("stale_since", SignalComposer.iso(b.staleSinceMs()));
        }
        g.writeEndObject();
    }

    private static void finite(JsonGenerator g, String key, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(key, value);
        }
    }

    private ApiResponse series(String rest, String hostParam) {
        int first = rest.indexOf('/');
        int last = rest.lastIndexOf('/');
        if (first < 0 || last == first) {
            return error(400, "a series is tower/target/check (target URL-encoded, may be empty), got " + rest);
        }
        SeriesKey key = new SeriesKey(rest.substring(0, first), rest.substring(first + 1, last), rest.substring(last + 1));
        String id = key.id();
        String host = daemon.config().host();
        SeriesView current = hostParam == null || hostParam.equals(host)
                ? daemon.tracker().views().stream().filter(v -> v.key().equals(key)).findFirst().orElse(null) : null;
        Answer<BaselineRecord> answer = registry.seriesBaselines(hostParam, id);
        if (current == null && answer.items().isEmpty()) {
            return error(404, "no series " + id + (hostParam == null ? "" : " on host " + hostParam));
        }
        long now = clock.now().toEpochMilli();
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("series", id);
            if (current != null) {
                g.writeFieldName("current");
                live(g, host, current);
            }
            partial(g, answer);
            g.writeArrayFieldStart("buckets");
            for (BaselineRecord b : answer.items()) {
                stored(g, b, now);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private ApiResponse signals(ApiRequest request) {
        String state = request.param("state");
        if (state != null) {
            try {
                SignalState.of(state);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("state must be firing (firing now), resolved or stale, got \""
                        + state + "\"", e);
            }
        }
        SignalQuery query = new SignalQuery(state, request.param("component"), request.param("host"),
                since(request), until(request), limit(request));
        Answer<SignalRecord> answer = registry.signals(query);
        return json(200, g -> {
            g.writeStartObject();
            partial(g, answer);
            g.writeArrayFieldStart("signals");
            for (SignalRecord s : answer.items()) {
                copy(g, s.json());
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private long since(ApiRequest request) {
        long since = time(request, "since", Long.MIN_VALUE);
        if (since > time(request, "until", Long.MAX_VALUE)) {
            throw new IllegalArgumentException("since must not be after until, got since=" + request.param("since")
                    + " until=" + request.param("until"));
        }
        return since;
    }

    private long until(ApiRequest request) {
        return time(request, "until", Long.MAX_VALUE);
    }

    private ApiResponse timeline(String component, ApiRequest request) {
        SignalQuery query = new SignalQuery(null, component, request.param("host"), since(request), until(request),
                limit(request));
        Answer<SignalRecord> answer = registry.signals(query);
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("component", component);
            partial(g, answer);
            g.writeArrayFieldStart("transitions");
            for (SignalRecord s : answer.items()) {
                g.writeStartObject();
                g.writeStringField("at", SignalComposer.iso(s.atMs()));
                g.writeStringField("host", s.host());
                g.writeStringField("tower", s.tower());
                g.writeStringField("check", s.check());
                g.writeStringField("kind", s.kind());
                g.writeStringField("state", s.state());
                g.writeStringField("severity", s.severity());
                g.writeStringField("id", s.id());
                g.writeStringField("summary", s.summary());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
