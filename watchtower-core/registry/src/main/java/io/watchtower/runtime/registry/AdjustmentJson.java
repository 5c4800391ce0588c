package io.watchtower.runtime.registry;

import io.watchtower.baseline.Adjustment;
import io.watchtower.baseline.FeedbackAnswer;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.primitiveDouble;
import static io.watchtower.runtime.json.JsonValues.primitiveInt;
import static io.watchtower.runtime.json.JsonValues.primitiveLong;
import static io.watchtower.runtime.json.JsonValues.string;

/**
 * A series' feedback adjustments as JSON ({@code answer} by its constant's name, snake_case keys, nulls
 * written), as the local store, the publication outbox and the fleet registry's column hold them.
 */
final class AdjustmentJson {

    private AdjustmentJson() {
    }

    static void write(JsonGenerator g, List<Adjustment> adjustments) throws IOException {
        g.writeStartArray();
        for (Adjustment a : adjustments) {
            if (a == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            g.writeStringField("answer", a.answer() == null ? null : a.answer().name());
            g.writeStringField("scope", a.scope());
            g.writeNumberField("since", a.since());
            g.writeNumberField("last_at", a.lastAt());
            g.writeNumberField("answers", a.answers());
            g.writeStringField("who", a.who());
            g.writeStringField("note", a.note());
            g.writeNumberField("until", a.until());
            g.writeNumberField("band_factor", a.bandFactor());
            g.writeNumberField("allowance", a.allowance());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** @return the adjustments of the array at the parser's current token (null for {@code null}) */
    static List<Adjustment> read(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<Adjustment> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                list.add(null);
                continue;
            }
            list.add(one(p));
        }
        return list;
    }

    private static Adjustment one(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        FeedbackAnswer answer = null;
        String scope = null;
        long since = 0;
        long lastAt = 0;
        int answers = 0;
        String who = null;
        String note = null;
        long until = 0;
        double bandFactor = 0;
        double allowance = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "answer" -> answer = answer(p);
                case "scope" -> scope = string(p);
                case "since" -> since = primitiveLong(p);
                case "last_at" -> lastAt = primitiveLong(p);
                case "answers" -> answers = primitiveInt(p);
                case "who" -> who = string(p);
                case "note" -> note = string(p);
                case "until" -> until = primitiveLong(p);
                case "band_factor" -> bandFactor = primitiveDouble(p);
                case "allowance" -> allowance = primitiveDouble(p);
                default -> p.skipChildren();
            }
        }
        return new Adjustment(answer, scope, since, lastAt, answers, who, note, until, bandFactor, allowance);
    }

    private static FeedbackAnswer answer(JsonParser p) throws IOException {
        String name = string(p);
        if (name == null) {
            return null;
        }
        for (FeedbackAnswer a : FeedbackAnswer.values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new JsonParseException(p, "not a feedback answer: \"" + name + "\"");
    }
}
