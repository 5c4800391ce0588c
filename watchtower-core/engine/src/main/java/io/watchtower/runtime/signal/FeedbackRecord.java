package io.watchtower.runtime.signal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.baseline.Feedback;
import io.watchtower.baseline.FeedbackAnswer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One answer to a page, wire schema {@value #SCHEMA}: the record the daemon keeps
 * ({@code <state-dir>/feedback/feedback.jsonl}, one JSON object a line), publishes to the fleet
 * registry and {@code watchtower replay --feedback} reads. docs/api.md documents it.
 *
 * @param schema always {@value #SCHEMA}
 * @param id unique id of this answer
 * @param at when it was given (ISO-8601)
 * @param host the host whose series it tunes
 * @param signal the id of the answered signal
 * @param fingerprint the answered series' fingerprint
 * @param tower the tower id
 * @param target the target ("" for tower-wide series)
 * @param check the check
 * @param component the component
 * @param answer {@code useful}, {@code noise} or {@code expected}
 * @param who who answered: the API token's name
 * @param note why, may be empty
 * @param until when the adjustment expires unless repeated (ISO-8601), or null for the default (30 days)
 * @param pageAt when the answered firing began (ISO-8601)
 * @param observed the value the page reported, or null
 * @param expected the expected value the page reported, or null
 * @param adjustment what the answer changed, one sentence (as it was when answered)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackRecord(String schema, String id, String at, String host, String signal, String fingerprint,
                             String tower, String target, String check, String component, String answer, String who,
                             String note, String until, String pageAt, Double observed, Double expected,
                             String adjustment) {

    /** The schema name and version. */
    public static final String SCHEMA = "watchtower.feedback/v1";

    /**
     * Makes a record with its id: the same answer by the same caller at the same moment gets the same id.
     *
     * @param at when the answer was given (ISO-8601)
     * @param host this daemon's host
     * @param page the firing signal answered
     * @param answer {@code useful}, {@code noise} or {@code expected}
     * @param who the token name
     * @param note why
     * @param until when it expires (ISO-8601), or null for the default
     * @param adjustment what it changed, one sentence
     * @return the record
     */
    public static FeedbackRecord of(String at, String host, Signal page, String answer, String who, String note,
                                    String until, String adjustment) {
        String id = UUID.nameUUIDFromBytes((host + "\n" + page.id() + "\n" + at + "\n" + who + "\n" + answer)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new FeedbackRecord(SCHEMA, id, at, host, page.id(), page.fingerprint(), page.tower().id(),
                page.target(), page.check(), page.component(), answer, who, note, until, page.since(),
                page.observed(), page.baseline() == null ? null : page.baseline().expected(), adjustment);
    }

    /** @return the answer as the detector takes it */
    public Feedback feedback() {
        return new Feedback(FeedbackAnswer.of(answer), millis(at), millis(pageAt),
                observed == null ? Double.NaN : observed, expected == null ? Double.NaN : expected,
                until == null ? -1 : millis(until), who, note);
    }

    /** @return epoch milliseconds of {@link #at} */
    public long atMillis() {
        return millis(at);
    }

    private static long millis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** @return one line of JSON */
    public String json() {
        return FeedbackRecordJson.write(this);
    }

    /**
     * @param json one record's JSON
     * @return the record, checked
     * @throws IllegalArgumentException naming what is wrong
     */
    public static FeedbackRecord read(String json) {
        FeedbackRecord r;
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            JsonValues.first(p);
            r = FeedbackRecordJson.read(p);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a feedback record: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a feedback record: " + e.getMessage(), e);
        }
        if (!SCHEMA.equals(r.schema())) {
            throw new IllegalArgumentException("not a feedback record: schema must be " + SCHEMA + ", got "
                    + r.schema());
        }
        for (String[] field : new String[][] {{"at", r.at}, {"tower", r.tower}, {"check", r.check},
                {"answer", r.answer}, {"page_at", r.pageAt}}) {
            if (field[1] == null) {
                throw new IllegalArgumentException("feedback record without " + field[0]);
            }
        }
        try {
            r.feedback();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("feedback record " + r.id() + ": " + e.getMessage(), e);
        }
        return r;
    }
}
