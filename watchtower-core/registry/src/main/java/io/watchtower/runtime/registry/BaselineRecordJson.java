package io.watchtower.runtime.registry;

import io.watchtower.baseline.Adjustment;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.nullableDouble;
import static io.watchtower.runtime.json.JsonValues.nullableLong;
import static io.watchtower.runtime.json.JsonValues.primitiveBoolean;
import static io.watchtower.runtime.json.JsonValues.primitiveLong;
import static io.watchtower.runtime.json.JsonValues.string;

/** Lists of baseline records as JSON (snake_case keys, nulls written), as the local store and the publication outbox hold them. */
final class BaselineRecordJson {

    private BaselineRecordJson() {
    }

    static void write(JsonGenerator g, Collection<BaselineRecord> records) throws IOException {
        g.writeStartArray();
        for (BaselineRecord r : records) {
            g.writeStartObject();
            g.writeStringField("host", r.host());
            g.writeStringField("series", r.series());
            g.writeStringField("tower", r.tower());
            g.writeStringField("target", r.target());
            g.writeStringField("check", r.check());
            g.writeStringField("component", r.component());
            g.writeStringField("unit", r.unit());
            g.writeStringField("season_bucket", r.seasonBucket());
            number(g, "expected", r.expected());
            number(g, "lower", r.lower());
            number(g, "upper", r.upper());
            number(g, "last_value", r.lastValue());
            g.writeStringField("confidence", r.confidence());
            g.writeNumberField("samples", r.samples());
            g.writeNumberField("learned_since_ms", r.learnedSinceMs());
            g.writeNumberField("updated_ms", r.updatedMs());
            g.writeNumberField("revisions", r.revisions());
            g.writeStringField("state", r.state());
            g.writeBooleanField("flapping", r.flapping());
            g.writeFieldName("stale_since_ms");
            if (r.staleSinceMs() == null) {
                g.writeNull();
            } else {
                g.writeNumber(r.staleSinceMs().longValue());
            }
            g.writeFieldName("feedback");
            AdjustmentJson.write(g, r.feedback());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String name, Double value) throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.doubleValue());
        }
    }

    /** @return the records of the array at the parser's current token */
    static List<BaselineRecord> read(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        List<BaselineRecord> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(one(p));
        }
        return list;
    }

    private static BaselineRecord one(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        String[] s = new String[10];
        Double expected = null;
        Double lower = null;
        Double upper = null;
        Double lastValue = null;
        long samples = 0;
        long learnedSince = 0;
        long updated = 0;
        long revisions = 0;
        boolean flapping = false;
        Long staleSince = null;
        List<Adjustment> feedback = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "host" -> s[0] = string(p);
                case "series" -> s[1] = string(p);
                case "tower" -> s[2] = string(p);
                case "target" -> s[3] = string(p);
                case "check" -> s[4] = string(p);
                case "component" -> s[5] = string(p);
                case "unit" -> s[6] = string(p);
                case "season_bucket" -> s[7] = string(p);
                case "confidence" -> s[8] = string(p);
                case "state" -> s[9] = string(p);
                case "expected" -> expected = nullableDouble(p);
                case "lower" -> lower = nullableDouble(p);
                case "upper" -> upper = nullableDouble(p);
                case "last_value" -> lastValue = nullableDouble(p);
                case "samples" -> samples = primitiveLong(p);
                case "learned_since_ms" -> learnedSince = primitiveLong(p);
                case "updated_ms" -> updated = primitiveLong(p);
                case "revisions" -> revisions = primitiveLong(p);
                case "flapping" -> flapping = primitiveBoolean(p);
                case "stale_since_ms" -> staleSince = nullableLong(p);
                case "feedback" -> feedback = AdjustmentJson.read(p);
                default -> p.skipChildren();
            }
        }
        return new BaselineRecord(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], expected, lower, upper, lastValue,
                s[8], samples, learnedSince, updated, revisions, s[9], flapping, staleSince, feedback);
    }
}
