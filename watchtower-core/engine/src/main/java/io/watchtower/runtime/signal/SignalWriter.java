package io.watchtower.runtime.signal;

import io.watchtower.runtime.json.JsonValues;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import static io.watchtower.runtime.json.JsonValues.optionalField;

/**
 * Writes a signal in its wire form (snake_case keys, in the record's order; absent values left out
 * except in {@code tower}, {@code flap} and {@code stale}, which write them as {@code null}), with
 * Jackson's streaming generator.
 */
public final class SignalWriter {

    private SignalWriter() {
    }

    /**
     * @param signal a signal
     * @return one line of JSON
     */
    public static String write(Signal signal) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            write(g, signal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * @param g where to write
     * @param s the signal, written as one object
     * @throws IOException when the generator cannot write
     */
    public static void write(JsonGenerator g, Signal s) throws IOException {
        g.writeStartObject();
        writeFields(g, s);
        g.writeEndObject();
    }

    /**
     * Writes a signal's fields into the object the generator is in, so that a notification can add its own after them.
     *
     * @param g where to write, inside an object
     * @param s the signal
     * @throws IOException when the generator cannot write
     */
    public static void writeFields(JsonGenerator g, Signal s) throws IOException {
        optionalField(g, "schema", s.schema());
        optionalField(g, "id", s.id());
        optionalField(g, "fingerprint", s.fingerprint());
        if (s.tower() != null) {
            g.writeFieldName("tower");
            g.writeStartObject();
            g.writeStringField("id", s.tower().id());
            g.writeStringField("type", s.tower().type());
            g.writeStringField("host", s.tower().host());
            g.writeStringField("version", s.tower().version());
            g.writeEndObject();
        }
        optionalField(g, "component", s.component());
        optionalField(g, "target", s.target());
        optionalField(g, "check", s.check());
        optionalField(g, "kind", s.kind() == null ? null : s.kind().wireName());
        optionalField(g, "state", s.state() == null ? null : s.state().wireName());
        optionalField(g, "severity", s.severity() == null ? null : s.severity().wireName());
        optionalField(g, "observed", s.observed());
        optionalField(g, "observed_state", s.observedState());
        optionalField(g, "previous_state", s.previousState());
        optionalField(g, "unit", s.unit());
        if (s.baseline() != null) {
            g.writeFieldName("baseline");
            baseline(g, s.baseline());
        }
        g.writeNumberField("score", s.score());
        optionalField(g, "since", s.since());
        optionalField(g, "at", s.at());
        optionalField(g, "summary", s.summary());
        if (s.recent() != null) {
            g.writeFieldName("recent");
            g.writeStartArray();
            for (Signal.Recent r : s.recent()) {
                g.writeStartObject();
                optionalField(g, "at", r.at());
                optionalField(g, "value", r.value());
                optionalField(g, "state", r.state());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        map(g, "context", s.context());
        if (s.related() != null) {
            g.writeFieldName("related");
            g.writeStartArray();
            for (Signal.Related r : s.related()) {
                g.writeStartObject();
                optionalField(g, "check", r.check());
                optionalField(g, "target", r.target());
                optionalField(g, "observed", r.observed());
                optionalField(g, "expected", r.expected());
                g.writeNumberField("score", r.score());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        optionalField(g, "runbook", s.runbook());
        map(g, "labels", s.labels());
        g.writeBooleanField("flapping", s.flapping());
        if (s.flap() != null) {
            g.writeFieldName("flap");
            flap(g, s.flap());
        }
        if (s.stale() != null) {
            g.writeFieldName("stale");
            stale(g, s.stale());
        }
    }

    /**
     * @param g where to write
     * @param b a baseline, written as one object (absent values left out)
     * @throws IOException when the generator cannot write
     */
    public static void baseline(JsonGenerator g, Signal.BaselineRef b) throws IOException {
        g.writeStartObject();
        optionalField(g, "expected", b.expected());
        optionalField(g, "lower", b.lower());
        optionalField(g, "upper", b.upper());
        optionalField(g, "method", b.method());
        g.writeNumberField("samples", b.samples());
        optionalField(g, "confidence", b.confidence());
        optionalField(g, "season_bucket", b.seasonBucket());
        optionalField(g, "stable_since", b.stableSince());
        g.writeEndObject();
    }

    /**
     * @param g where to write
     * @param f a flapping summary, written as one object
     * @throws IOException when the generator cannot write
     */
    public static void flap(JsonGenerator g, Signal.Flap f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("flips", f.flips());
        g.writeNumberField("over_seconds", f.overSeconds());
        g.writeNumberField("period_seconds", f.periodSeconds());
        g.writeEndObject();
    }

    /**
     * @param g where to write
     * @param s a staleness, written as one object (nulls written)
     * @throws IOException when the generator cannot write
     */
    public static void stale(JsonGenerator g, Signal.Stale s) throws IOException {
        g.writeStartObject();
        g.writeStringField("since", s.since());
        g.writeNumberField("missed_probes", s.missedProbes());
        g.writeStringField("reason", s.reason());
        g.writeEndObject();
    }



    private static void map(JsonGenerator g, String name, Map<String, String> map) throws IOException {
        if (map != null) {
            g.writeFieldName(name);
            g.writeStartObject();
            for (Map.Entry<String, String> e : map.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
    }
}
