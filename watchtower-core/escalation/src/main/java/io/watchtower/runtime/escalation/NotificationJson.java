package io.watchtower.runtime.escalation;

import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalReader;
import io.watchtower.runtime.signal.SignalWriter;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.nullableStrings;
import static io.watchtower.runtime.json.JsonValues.nullableDouble;
import static io.watchtower.runtime.json.JsonValues.optionalField;
import static io.watchtower.runtime.json.JsonValues.primitiveLong;
import static io.watchtower.runtime.json.JsonValues.string;

/**
 * A notification's JSON, as channels send it and outboxes keep it: the signal's fields, then
 * {@code escalation} (snake_case keys; absent values left out, except in {@code fleet}), written and
 * read with Jackson's streaming API.
 */
final class NotificationJson {

    private NotificationJson() {
    }

    static String write(Notification n) {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            if (n.signal() != null) {
                SignalWriter.writeFields(g, n.signal());
            }
            g.writeFieldName("escalation");
            escalation(g, n.escalation());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void escalation(JsonGenerator g, Notification.Escalation e) throws IOException {
        if (e == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        optionalField(g, "notification", e.notification());
        optionalField(g, "reason", e.reason());
        optionalField(g, "declared_severity", e.declaredSeverity());
        optionalField(g, "route_severity", e.routeSeverity());
        g.writeNumberField("firing_for", e.firingFor());
        members(g, "group", e.group());
        members(g, "suppressing", e.suppressing());
        if (e.fleet() != null) {
            g.writeFieldName("fleet");
            g.writeStartObject();
            g.writeFieldName("hosts");
            strings(g, e.fleet().hosts());
            g.writeFieldName("firing");
            strings(g, e.fleet().firing());
            g.writeStringField("summary", e.fleet().summary());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, List<String> list) throws IOException {
        if (list == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String s : list) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void members(JsonGenerator g, String name, List<Member> members) throws IOException {
        if (members == null) {
            return;
        }
        g.writeFieldName(name);
        g.writeStartArray();
        for (Member m : members) {
            if (m == null) {
                g.writeNull();
                continue;
            }
            g.writeStartObject();
            optionalField(g, "id", m.id());
            optionalField(g, "fingerprint", m.fingerprint());
            optionalField(g, "tower", m.tower());
            optionalField(g, "host", m.host());
            optionalField(g, "component", m.component());
            optionalField(g, "check", m.check());
            optionalField(g, "target", m.target());
            optionalField(g, "kind", m.kind());
            optionalField(g, "state", m.state());
            optionalField(g, "severity", m.severity());
            optionalField(g, "summary", m.summary());
            optionalField(g, "since", m.since());
            optionalField(g, "at", m.at());
            optionalField(g, "runbook", m.runbook());
            optionalField(g, "suppressed_by", m.suppressedBy());
            optionalField(g, "observed", m.observed());
            optionalField(g, "observed_state", m.observedState());
            optionalField(g, "previous_state", m.previousState());
            optionalField(g, "unit", m.unit());
            if (m.baseline() != null) {
                g.writeFieldName("baseline");
                SignalWriter.baseline(g, m.baseline());
            }
            optionalField(g, "score", m.score());
            if (m.flap() != null) {
                g.writeFieldName("flap");
                SignalWriter.flap(g, m.flap());
            }
            if (m.stale() != null) {
                g.writeFieldName("stale");
                SignalWriter.stale(g, m.stale());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static Notification read(String json) {
        Notification.Escalation[] escalation = new Notification.Escalation[1];
        boolean[] seen = new boolean[1];
        Signal signal;
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a notification: no escalation object");
            }
            signal = SignalReader.read(p, (name, parser) -> {
                if (!name.equals("escalation")) {
                    return false;
                }
                seen[0] = true;
                escalation[0] = escalation(parser);
                return true;
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a notification: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a notification: " + e.getMessage(), e);
        }
        if (!seen[0]) {
            throw new IllegalArgumentException("not a notification: no escalation object");
        }
        return new Notification(signal, escalation[0]);
    }

    private static Notification.Escalation escalation(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        String notification = null;
        String reason = null;
        String declared = null;
        String route = null;
        long firingFor = 0;
        List<Member> group = null;
        List<Member> suppressing = null;
        Notification.Fleet fleet = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "notification" -> notification = string(p);
                case "reason" -> reason = string(p);
                case "declared_severity" -> declared = string(p);
                case "route_severity" -> route = string(p);
                case "firing_for" -> firingFor = primitiveLong(p);
                case "group" -> group = members(p);
                case "suppressing" -> suppressing = members(p);
                case "fleet" -> fleet = fleet(p);
                default -> p.skipChildren();
            }
        }
        return new Notification.Escalation(notification, reason, declared, route, firingFor, group, suppressing, fleet);
    }

    private static Notification.Fleet fleet(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        List<String> hosts = null;
        List<String> firing = null;
        String summary = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "hosts" -> hosts = nullableStrings(p);
                case "firing" -> firing = nullableStrings(p);
                case "summary" -> summary = string(p);
                default -> p.skipChildren();
            }
        }
        return new Notification.Fleet(hosts, firing, summary);
    }

    private static List<Member> members(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<Member> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                list.add(null);
                continue;
            }
            expect(p, JsonToken.START_OBJECT);
            String[] s = new String[18];
            Double observed = null;
            Double score = null;
            Signal.BaselineRef baseline = null;
            Signal.Flap flap = null;
            Signal.Stale stale = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                int i = switch (name) {
                    case "id" -> 0;
                    case "fingerprint" -> 1;
                    case "tower" -> 2;
                    case "host" -> 3;
                    case "component" -> 4;
                    case "check" -> 5;
                    case "target" -> 6;
                    case "kind" -> 7;
                    case "state" -> 8;
                    case "severity" -> 9;
                    case "summary" -> 10;
                    case "since" -> 11;
                    case "at" -> 12;
                    case "runbook" -> 13;
                    case "suppressed_by" -> 14;
                    case "observed_state" -> 15;
                    case "previous_state" -> 16;
                    case "unit" -> 17;
                    default -> -1;
                };
                if (i >= 0) {
                    s[i] = string(p);
                    continue;
                }
                switch (name) {
                    case "observed" -> observed = nullableDouble(p);
                    case "score" -> score = nullableDouble(p);
                    case "baseline" -> baseline = SignalReader.baseline(p);
                    case "flap" -> flap = SignalReader.flap(p);
                    case "stale" -> stale = SignalReader.stale(p);
                    default -> p.skipChildren();
                }
            }
            list.add(new Member(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13],
                    s[14], observed, s[15], s[16], s[17], baseline, score, flap, stale));
        }
        return list;
    }
}
