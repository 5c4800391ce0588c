package io.watchtower.runtime.signal;

import io.watchtower.runtime.json.JsonValues;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

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
        string(g, "schema", s.schema());
        string(g, "id", s.id());
        string(g, "fingerprint", s.fingerprint());
        if (s.tower() != null) {
            g.writeFieldName("tower");
            g.writeStartObject();
            g.writeStringField("id", s.tower().id());
            g.writeStringField("type", s.tower().type());
            g.writeStringField("host", s.tower().host());
            g.writeStringField("version", s.tower().version());
            g.writeEndObject();
        }
        string(g, "component", s.component());
        string(g, "target", s.target());
        string(g, "check", s.check());
        string(g, "kind", s.kind() == null ? null : s.kind().wireName());
        string(g, "state", s.state() == null ? null : s.state().wireName());
        string(g, "severity", s.severity() == null ? null : s.severity().wireName());
        number(g, "observed", s.observed());
        string(g, "observed_state", s.observedState());
        string(g, "previous_state", s.previousState());
        string(g, "unit", s.unit());
        if (s.baseline() != null) {
            g.writeFieldName("baseline");
            baseline(g, s.baseline());
        }
        g.writeNumberField("score", s.score());
        string(g, "since", s.since());
        string(g, "at", s.at());
        string(g, "summary", s.summary());
        if (s.recent() != null) {
            g.writeFieldName("recent");
            g.writeStartArray();
            for (Signal.Recent r : s.recent()) {
                g.writeStartObject();
                string(g, "at", r.at());
                number(g, "value", r.value());
                string(g, "state", r.state());
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
                string(g, "check", r.check());
                string(g, "target", r.target());
                number(g, "observed", r.observed());
                number(g, "expected", r.expected());
                g.writeNumberField("score", r.score());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        string(g, "runbook", s.runbook());
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
        number(g, "expected", b.expected());
        number(g, "lower", b.lower());
        number(g, "upper", b.upper());
        string(g, "method", b.method());
        g.writeNumberField("samples", b.samples());
        string(g, "confidence", b.confidence());
        string(g, "season_bucket", b.seasonBucket());
        string(g, "stable_since", b.stableSince());
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

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.doubleValue());
        }
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
