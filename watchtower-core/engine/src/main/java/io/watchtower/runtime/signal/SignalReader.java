package io.watchtower.runtime.signal;

import io.watchtower.runtime.json.JsonValues;
import io.watchtower.spi.Severity;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.nullableDouble;
import static io.watchtower.runtime.json.JsonValues.primitiveBoolean;
import static io.watchtower.runtime.json.JsonValues.primitiveDouble;
import static io.watchtower.runtime.json.JsonValues.primitiveInt;
import static io.watchtower.runtime.json.JsonValues.primitiveLong;
import static io.watchtower.runtime.json.JsonValues.string;
import static io.watchtower.runtime.json.JsonValues.stringMap;

/**
 * Reads a signal from its wire form with Jackson's streaming parser: keys it does not know are
 * skipped, absent values are null (0 and false for numbers and flags), as the wire form promises
 * readers of older and newer signals.
 */
public final class SignalReader {

    private SignalReader() {
    }

    /**
     * @param json one signal's JSON
     * @return the signal
     * @throws IllegalArgumentException when it is not a signal
     */
    public static Signal read(String json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            JsonValues.first(p);
            return read(p);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a signal: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a signal: " + e.getMessage(), e);
        }
    }

    /**
     * @param p a parser at the signal's {@code START_OBJECT}
     * @return the signal; the parser is left at its {@code END_OBJECT}
     * @throws IOException when it is not a signal
     */
    public static Signal read(JsonParser p) throws IOException {
        return read(p, null);
    }

    /** Reads a field of an object that holds a signal's fields and fields of its own (a notification's escalation). */
    public interface OtherField {
        /**
         * @param name the field's name, not one of the signal's
         * @param p the parser at its value
         * @return whether it was read (the parser at the value's last token); false skips it
         * @throws IOException when the value is not what it should be
         */
        boolean read(String name, JsonParser p) throws IOException;
    }

    /**
     * @param p a parser at the {@code START_OBJECT} of an object holding a signal's fields
     * @param other reads the fields that are not the signal's, or null to skip them
     * @return the signal; the parser is left at the object's {@code END_OBJECT}
     * @throws IOException when it is not a signal
     */
    public static Signal read(JsonParser p, OtherField other) throws IOException {
        expect(p, JsonToken.START_OBJECT);
        String schema = null;
        String id = null;
        String fingerprint = null;
        Signal.TowerRef tower = null;
        String component = null;
        String target = null;
        String check = null;
        SignalKind kind = null;
        SignalState state = null;
        Severity severity = null;
        Double observed = null;
        String observedState = null;
        String previousState = null;
        String unit = null;
        Signal.BaselineRef baseline = null;
        double score = 0;
        String since = null;
        String at = null;
        String summary = null;
        List<Signal.Recent> recent = null;
        Map<String, String> context = null;
        List<Signal.Related> related = null;
        String runbook = null;
        Map<String, String> labels = null;
        boolean flapping = false;
        Signal.Flap flap = null;
        Signal.Stale stale = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "schema" -> schema = string(p);
                case "id" -> id = string(p);
                case "fingerprint" -> fingerprint = string(p);
                case "tower" -> tower = tower(p);
                case "component" -> component = string(p);
                case "target" -> target = string(p);
                case "check" -> check = string(p);
                case "kind" -> kind = kind(p);
                case "state" -> state = state(p);
                case "severity" -> severity = severity(p);
                case "observed" -> observed = nullableDouble(p);
                case "observed_state" -> observedState = string(p);
                case "previous_state" -> previousState = string(p);
                case "unit" -> unit = string(p);
                case "baseline" -> baseline = baseline(p);
                case "score" -> score = primitiveDouble(p);
                case "since" -> since = string(p);
                case "at" -> at = string(p);
                case "summary" -> summary = string(p);
                case "recent" -> recent = recent(p);
                case "context" -> context = stringMap(p);
                case "related" -> related = related(p);
                case "runbook" -> runbook = string(p);
                case "labels" -> labels = stringMap(p);
                case "flapping" -> flapping = primitiveBoolean(p);
                case "flap" -> flap = flap(p);
                case "stale" -> stale = stale(p);
                default -> {
                    if (other == null || !other.read(name, p)) {
                        p.skipChildren();
                    }
                }
            }
        }
        expect(p, JsonToken.END_OBJECT);
        return new Signal(schema, id, fingerprint, tower, component, target, check, kind, state, severity, observed,
                observedState, previousState, unit, baseline, score, since, at, summary, recent, context, related,
                runbook, labels, flapping, flap, stale);
    }

    private static Signal.TowerRef tower(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        String id = null;
        String type = null;
        String host = null;
        String version = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "id" -> id = string(p);
                case "type" -> type = string(p);
                case "host" -> host = string(p);
                case "version" -> version = string(p);
                default -> p.skipChildren();
            }
        }
        return new Signal.TowerRef(id, type, host, version);
    }

    /**
     * @param p a parser at the value
     * @return the value, or null for {@code null}
     * @throws IOException when it is not of that form
     */
    public static Signal.BaselineRef baseline(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        Double expected = null;
        Double lower = null;
        Double upper = null;
        String method = null;
        long samples = 0;
        String confidence = null;
        String seasonBucket = null;
        String stableSince = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "expected" -> expected = nullableDouble(p);
                case "lower" -> lower = nullableDouble(p);
                case "upper" -> upper = nullableDouble(p);
                case "method" -> method = string(p);
                case "samples" -> samples = primitiveLong(p);
                case "confidence" -> confidence = string(p);
                case "season_bucket" -> seasonBucket = string(p);
                case "stable_since" -> stableSince = string(p);
                default -> p.skipChildren();
            }
        }
        return new Signal.BaselineRef(expected, lower, upper, method, samples, confidence, seasonBucket, stableSince);
    }

    private static List<Signal.Recent> recent(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<Signal.Recent> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                list.add(null);
                continue;
            }
            expect(p, JsonToken.START_OBJECT);
            String at = null;
            Double value = null;
            String state = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "at" -> at = string(p);
                    case "value" -> value = nullableDouble(p);
                    case "state" -> state = string(p);
                    default -> p.skipChildren();
                }
            }
            list.add(new Signal.Recent(at, value, state));
        }
        return list;
    }

    private static List<Signal.Related> related(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<Signal.Related> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                list.add(null);
                continue;
            }
            expect(p, JsonToken.START_OBJECT);
            String check = null;
            String target = null;
            Double observed = null;
            Double expected = null;
            double score = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "check" -> check = string(p);
                    case "target" -> target = string(p);
                    case "observed" -> observed = nullableDouble(p);
                    case "expected" -> expected = nullableDouble(p);
                    case "score" -> score = primitiveDouble(p);
                    default -> p.skipChildren();
                }
            }
            list.add(new Signal.Related(check, target, observed, expected, score));
        }
        return list;
    }

    /**
     * @param p a parser at the value
     * @return the value, or null for {@code null}
     * @throws IOException when it is not of that form
     */
    public static Signal.Flap flap(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        int flips = 0;
        long over = 0;
        long period = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "flips" -> flips = primitiveInt(p);
                case "over_seconds" -> over = primitiveLong(p);
                case "period_seconds" -> period = primitiveLong(p);
                default -> p.skipChildren();
            }
        }
        return new Signal.Flap(flips, over, period);
    }

    /**
     * @param p a parser at the value
     * @return the value, or null for {@code null}
     * @throws IOException when it is not of that form
     */
    public static Signal.Stale stale(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        String since = null;
        int missed = 0;
        String reason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "since" -> since = string(p);
                case "missed_probes" -> missed = primitiveInt(p);
                case "reason" -> reason = string(p);
                default -> p.skipChildren();
            }
        }
        return new Signal.Stale(since, missed, reason);
    }

    private static SignalKind kind(JsonParser p) throws IOException {
        String wire = string(p);
        if (wire == null) {
            return null;
        }
        for (SignalKind k : SignalKind.values()) {
            if (k.wireName().equals(wire)) {
                return k;
            }
        }
        throw new JsonParseException(p, "not a signal kind: \"" + wire + "\"");
    }

    private static SignalState state(JsonParser p) throws IOException {
        String wire = string(p);
        if (wire == null) {
            return null;
        }
        for (SignalState s : SignalState.values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw new JsonParseException(p, "not a signal state: \"" + wire + "\"");
    }

    private static Severity severity(JsonParser p) throws IOException {
        String wire = string(p);
        if (wire == null) {
            return null;
        }
        for (Severity s : Severity.values()) {
            if (s.wireName().equals(wire)) {
                return s;
            }
        }
        throw new JsonParseException(p, "not a severity: \"" + wire + "\"");
    }
}
