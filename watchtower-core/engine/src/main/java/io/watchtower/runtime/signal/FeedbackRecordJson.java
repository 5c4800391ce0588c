package io.watchtower.runtime.signal;

import io.watchtower.runtime.json.JsonValues;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.nullableDouble;
import static io.watchtower.runtime.json.JsonValues.optionalField;
import static io.watchtower.runtime.json.JsonValues.string;

/**
 * A feedback record's JSON (snake_case keys in the record's order, absent values left out), written
 * and read with Jackson's streaming API.
 */
public final class FeedbackRecordJson {

    private FeedbackRecordJson() {
    }

    /**
     * @param r a record
     * @return one line of JSON
     */
    public static String write(FeedbackRecord r) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            write(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * @param g where to write
     * @param r the record, written as one object
     * @throws IOException when the generator cannot write
     */
    public static void write(JsonGenerator g, FeedbackRecord r) throws IOException {
        g.writeStartObject();
        optionalField(g, "schema", r.schema());
        optionalField(g, "id", r.id());
        optionalField(g, "at", r.at());
        optionalField(g, "host", r.host());
        optionalField(g, "signal", r.signal());
        optionalField(g, "fingerprint", r.fingerprint());
        optionalField(g, "tower", r.tower());
        optionalField(g, "target", r.target());
        optionalField(g, "check", r.check());
        optionalField(g, "component", r.component());
        optionalField(g, "answer", r.answer());
        optionalField(g, "who", r.who());
        optionalField(g, "note", r.note());
        optionalField(g, "until", r.until());
        optionalField(g, "page_at", r.pageAt());
        optionalField(g, "observed", r.observed());
        optionalField(g, "expected", r.expected());
        optionalField(g, "adjustment", r.adjustment());
        g.writeEndObject();
    }

    /**
     * @param p a parser at the record's {@code START_OBJECT}
     * @return the record as written (not checked); the parser is left at its {@code END_OBJECT}
     * @throws IOException when it is not an object of the record's fields
     */
    public static FeedbackRecord read(JsonParser p) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        String[] s = new String[15];
        Double observed = null;
        Double expected = null;
        String adjustment = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "schema" -> s[0] = string(p);
                case "id" -> s[1] = string(p);
                case "at" -> s[2] = string(p);
                case "host" -> s[3] = string(p);
                case "signal" -> s[4] = string(p);
                case "fingerprint" -> s[5] = string(p);
                case "tower" -> s[6] = string(p);
                case "target" -> s[7] = string(p);
                case "check" -> s[8] = string(p);
                case "component" -> s[9] = string(p);
                case "answer" -> s[10] = string(p);
                case "who" -> s[11] = string(p);
                case "note" -> s[12] = string(p);
                case "until" -> s[13] = string(p);
                case "page_at" -> s[14] = string(p);
                case "observed" -> observed = nullableDouble(p);
                case "expected" -> expected = nullableDouble(p);
                case "adjustment" -> adjustment = string(p);
                default -> p.skipChildren();
            }
        }
        expect(p, JsonToken.END_OBJECT);
        return new FeedbackRecord(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12],
                s[13], s[14], observed, expected, adjustment);
    }
}
