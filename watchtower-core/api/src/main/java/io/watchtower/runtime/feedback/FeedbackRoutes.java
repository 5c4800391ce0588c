package io.watchtower.runtime.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.baseline.Adjustment;
import io.watchtower.baseline.Feedback;
import io.watchtower.baseline.FeedbackAnswer;
import io.watchtower.runtime.api.ControlAuditLog;
import io.watchtower.runtime.http.ApiRequest;
import io.watchtower.runtime.http.ApiResponse;
import io.watchtower.runtime.journal.FeedbackLog;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.registry.Answer;
import io.watchtower.runtime.registry.FeedbackCount;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.signal.SeriesKey;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The feedback routes:
 * <ul>
 *   <li>{@code POST /api/v1/signals/<id>/feedback} (admin) with {@code {"answer": "useful"|"noise"|"expected",
 *   "note": "...", "until": "2026-12-31T00:00:00Z" or "14d"}}: records the answer to the series of the
 *   page (the firing signal {@code id}, or the firing a resolved {@code id} ended) in the {@link FeedbackLog}
 *   (forced to disk), writes the audit log (who: the token name; why: the note), applies it, snapshots the
 *   baselines and publishes it to the registry; answers 201 with the {@link FeedbackRecord}. An answer
 *   recorded but not yet snapshotted when the daemon dies is applied at its next start
 *   ({@link SeriesTracker#recover});</li>
 *   <li>{@code GET /api/v1/feedback} (read): this daemon's answers, oldest first, filtered by
 *   {@code signal}, {@code series}, {@code check}, {@code component}, {@code answer};</li>
 *   <li>{@code GET /api/v1/feedback/checks} (read): the fleet's checks ranked by {@code noise} answers
 *   since {@code since} (default 30 days).</li>
 * </ul>
 */
public final class FeedbackRoutes {

    /** The listing path. */
    public static final String PATH = "/api/v1/feedback";
    /** The ranking path. */
    public static final String CHECKS = "/api/v1/feedback/checks";
    /** The answer path template. */
    public static final String ANSWER = "/api/v1/signals/{id}/feedback";
    private static final String SIGNALS = "/api/v1/signals/";
    private static final List<String> FIELDS = List.of("answer", "note", "until");
    private static final Duration DEFAULT_SINCE = Duration.ofDays(30);

    private final String host;
    private final SeriesTracker tracker;
    private final SignalJournal journal;
    private final FeedbackLog log;
    private final ControlAuditLog audit;
    private final Registry registry;
    private final TowerClock clock;
    private final Runnable snapshot;

    /**
     * @param host this daemon's host
     * @param tracker its series
     * @param journal its signal journal, where answered signals are found
     * @param log where answers are recorded
     * @param audit the audit log
     * @param registry where answers are published and ranked
     * @param clock the clock
     * @param snapshot writes the baseline snapshot, so an answer outlives a crash
     */
    public FeedbackRoutes(String host, SeriesTracker tracker, SignalJournal journal, FeedbackLog log,
                          ControlAuditLog audit, Registry registry, TowerClock clock, Runnable snapshot) {
        this.host = host;
        this.tracker = tracker;
        this.journal = journal;
        this.log = log;
        this.audit = audit;
        this.registry = registry;
        this.clock = clock;
        this.snapshot = snapshot;
    }

    /**
     * @param request {@code POST /api/v1/signals/<id>/feedback}
     * @param who the caller's token name
     * @return the record (201), or what is wrong
     */
    public ApiResponse answer(ApiRequest request, String who) {
        String path = request.path();
        String id = path.substring(SIGNALS.length(), path.length() - "/feedback".length());
        JsonNode body;
        try {
            body = SignalJson.mapper().readTree(request.bodyText());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return error(400, "expected a JSON object {answer, note, until}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return error(400, "unknown field \"" + name + "\": feedback takes answer, note, until");
            }
        }
        long now = clock.now().toEpochMilli();
        FeedbackAnswer answer;
        long until;
        String note;
        try {
            answer = FeedbackAnswer.of(text(body, "answer"));
            note = text(body, "note");
            if (note != null && note.length() > Feedback.MAX_TEXT) {
                throw new IllegalArgumentException("note is " + note.length() + " characters; at most "
                        + Feedback.MAX_TEXT);
            }
            until = until(text(body, "until"), now);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Signal page;
        try {
            page = page(id);
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        }
        if (page.kind() != SignalKind.ANOMALY) {
            return error(400, "signal " + id + " is a " + page.kind().wireName() + " signal: feedback tunes the"
                    + " learned band of anomaly signals (a threshold comes from a guardrail in the configuration; change,"
                    + " unreachable and blind-spot signals have no band)");
        }
        SeriesKey key = new SeriesKey(page.tower().id(), page.target(), page.check());
        Feedback feedback = new Feedback(answer, now, Instant.parse(page.since()).toEpochMilli(),
                page.observed() == null ? Double.NaN : page.observed(),
                page.baseline() == null || page.baseline().expected() == null ? Double.NaN : page.baseline().expected(),
                until, who, note);
        Adjustment adjustment;
        try {
            adjustment = tracker.previewFeedback(key, feedback);
        } catch (NoSuchElementException e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        FeedbackRecord record = FeedbackRecord.of(SignalComposer.iso(now), host, page, answer.wireName(), feedback.who(),
                feedback.note(), until == -1 ? null : SignalComposer.iso(until), adjustment.describe(ZoneOffset.UTC));
        // recorded first: an answer in the record and not yet in the snapshot is applied again at the next
        // start (the record's id, kept in the series' state, says which ones the snapshot already has)
        try {
            log.append(record);
        } catch (IOException e) {
            return error(500, "the answer could not be recorded in " + log.file() + " and was not applied: " + e);
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("signal", page.id());
        details.put("series", key.id());
        details.put("answer", answer.wireName());
        details.put("note", feedback.note());
        details.put("until", SignalComposer.iso(feedback.expires()));
        details.put("feedback", record.id());
        audit.record(who, "signal.feedback", details);
        tracker.feedback(record);
        snapshot.run();
        registry.publishFeedback(record);
        return ApiResponse.json(201, record.json());
    }

    /**
     * @param request {@code GET /api/v1/feedback}
     * @param who the caller
     * @return this daemon's answers
     */
    public ApiResponse list(ApiRequest request, String who) {
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("host", host);
        ArrayNode list = body.putArray("feedback");
        for (FeedbackRecord r : log.records()) {
            if (matches(request.param("signal"), r.signal()) && matches(request.param("check"), r.check())
                    && matches(request.param("component"), r.component()) && matches(request.param("answer"), r.answer())
                    && matches(request.param("series"), new SeriesKey(r.tower(), r.target(), r.check()).id())) {
                list.add(SignalJson.mapper().valueToTree(r));
            }
        }
        return ApiResponse.json(200, body.toString());
    }

    /**
     * @param request {@code GET /api/v1/feedback/checks}, optional {@code since} (ISO-8601 or a duration
     *                before now such as {@code 7d}) and {@code limit}
     * @param who the caller
     * @return checks of the fleet by noise answers, most first
     */
    public ApiResponse checks(ApiRequest request, String who) {
        long now = clock.now().toEpochMilli();
        long since;
        int limit;
        try {
            since = since(request.param("since"), now);
            limit = limit(request.param("limit"));
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        Answer<FeedbackCount> answer = registry.feedbackByCheck(since, log::records);
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("since", SignalComposer.iso(since));
        body.put("partial", answer.partial());
        ArrayNode missing = body.putArray("missing");
        answer.missing().forEach(missing::add);
        ArrayNode list = body.putArray("checks");
        answer.items().stream().limit(limit).forEach(c -> list.add(SignalJson.mapper().valueToTree(c)));
        return ApiResponse.json(200, body.toString());
    }

    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.equals(value);
    }

    /** The firing the signal {@code id} started, or ended. */
    private Signal page(String id) {
        List<Signal> all = journal.readAll(notASignal -> { });
        Signal found = null;
        for (Signal s : all) {
            if (s.id().equals(id)) {
                found = s;
            }
        }
        if (found == null) {
            throw new NoSuchElementException("no signal " + id + " in the journal of " + host);
        }
        if (found.firing()) {
            return found;
        }
        for (Signal s : all) {
            if (s.firing() && s.fingerprint().equals(found.fingerprint()) && s.since().equals(found.since())) {
                return s;
            }
        }
        throw new NoSuchElementException("signal " + id + " is " + found.state().wireName() + " and the firing it ended"
                + " is no longer in the journal");
    }

    /** @return epoch ms of an ISO-8601 instant or a duration from now (90m, 12h, 14d), or -1 when absent */
    static long until(String text, long now) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        long at;
        try {
            at = Instant.parse(text.strip()).toEpochMilli();
        } catch (DateTimeParseException e) {
            at = now + duration(text.strip(), "until").toMillis();
        }
        if (at <= now) {
            throw new IllegalArgumentException("until must be in the future, got \"" + text + "\"");
        }
        if (at - now > Feedback.MAX_LIFETIME_MILLIS) {
            throw new IllegalArgumentException("until must be at most 180 days from now, got \"" + text + "\"");
        }
        return at;
    }

    private static long since(String text, long now) {
        if (text == null || text.isBlank()) {
            return now - DEFAULT_SINCE.toMillis();
        }
        try {
            return Instant.parse(text.strip()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return now - duration(text.strip(), "since").toMillis();
        }
    }

    private static Duration duration(String text, String name) {
        if (!text.matches("[0-9]{1,6}[mhd]")) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant (2026-12-31T00:00:00Z) or a"
                    + " duration such as 90m, 12h or 14d, got \"" + text + "\"");
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        switch (text.charAt(text.length() - 1)) {
            case 'm':
                return Duration.ofMinutes(n);
            case 'h':
                return Duration.ofHours(n);
            default:
                return Duration.ofDays(n);
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to 10000, got \"" + text + "\"");
    }

    private static String text(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string, got " + value);
        }
        return value.asText();
    }

    private static ApiResponse error(int status, String message) {
        return ApiResponse.jsonField(status, "error", message);
    }
}
