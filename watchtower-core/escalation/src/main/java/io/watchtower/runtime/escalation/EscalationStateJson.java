package io.watchtower.runtime.escalation;

import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalReader;
import io.watchtower.runtime.signal.SignalWriter;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.nullableStrings;
import static io.watchtower.runtime.json.JsonValues.primitiveInt;
import static io.watchtower.runtime.json.JsonValues.primitiveLong;
import static io.watchtower.runtime.json.JsonValues.string;

/**
 * The escalation pipeline's saved state ({@code {"offset": n, "escalator": {"groups": [...], "seen": [...]}}},
 * snake_case keys, nulls written, signals in their wire form), written and read with Jackson's streaming API.
 */
final class EscalationStateJson {

    private EscalationStateJson() {
    }

    static byte[] write(EscalationPipeline.Saved saved) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("offset", saved.offset());
            g.writeFieldName("escalator");
            Escalator.State state = saved.escalator();
            if (state == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeFieldName("groups");
                if (state.groups() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (Escalator.GroupState group : state.groups()) {
                        group(g, group);
                    }
                    g.writeEndArray();
                }
                g.writeFieldName("seen");
                if (state.seen() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (String id : state.seen()) {
                        g.writeString(id);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void group(JsonGenerator g, Escalator.GroupState group) throws IOException {
        g.writeStartObject();
        g.writeStringField("component", group.component());
        g.writeFieldName("firing");
        members(g, group.firing());
        g.writeFieldName("resolved");
        members(g, group.resolved());
        g.writeNumberField("pending_since", group.pendingSince());
        g.writeNumberField("last_notified_at", group.lastNotifiedAt());
        g.writeStringField("notified_severity", group.notifiedSeverity());
        g.writeNumberField("sequence", group.sequence());
        g.writeEndObject();
    }

    private static void members(JsonGenerator g, List<Escalator.TrackedState> members) throws IOException {
        if (members == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Escalator.TrackedState m : members) {
            g.writeStartObject();
            g.writeFieldName("signal");
            signal(g, m.signal());
            g.writeStringField("notified_severity", m.notifiedSeverity());
            g.writeFieldName("quiet");
            signal(g, m.quiet());
            g.writeNumberField("quiet_since", m.quietSince());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void signal(JsonGenerator g, Signal s) throws IOException {
        if (s == null) {
            g.writeNull();
        } else {
            SignalWriter.write(g, s);
        }
    }

    static EscalationPipeline.Saved read(Path file) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(file.toFile())) {
            JsonValues.first(p);
            expect(p, JsonToken.START_OBJECT);
            long offset = 0;
            Escalator.State state = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "offset" -> offset = primitiveLong(p);
                    case "escalator" -> state = state(p);
                    default -> p.skipChildren();
                }
            }
            return new EscalationPipeline.Saved(offset, state);
        }
    }

    private static Escalator.State state(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        List<Escalator.GroupState> groups = null;
        List<String> seen = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "groups" -> groups = groups(p);
                case "seen" -> seen = nullableStrings(p);
                default -> p.skipChildren();
            }
        }
        return new Escalator.State(groups, seen);
    }

    private static List<Escalator.GroupState> groups(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<Escalator.GroupState> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                list.add(null);
                continue;
            }
            expect(p, JsonToken.START_OBJECT);
            String component = null;
            List<Escalator.TrackedState> firing = null;
            List<Escalator.TrackedState> resolved = null;
            long pendingSince = 0;
            long lastNotifiedAt = 0;
            String notifiedSeverity = null;
            int sequence = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "component" -> component = string(p);
                    case "firing" -> firing = members(p);
                    case "resolved" -> resolved = members(p);
                    case "pending_since" -> pendingSince = primitiveLong(p);
                    case "last_notified_at" -> lastNotifiedAt = primitiveLong(p);
                    case "notified_severity" -> notifiedSeverity = string(p);
                    case "sequence" -> sequence = primitiveInt(p);
                    default -> p.skipChildren();
                }
            }
            list.add(new Escalator.GroupState(component, firing, resolved, pendingSince, lastNotifiedAt,
                    notifiedSeverity, sequence));
        }
        return list;
    }

    private static List<Escalator.TrackedState> members(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<Escalator.TrackedState> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == JsonToken.VALUE_NULL) {
                list.add(null);
                continue;
            }
            expect(p, JsonToken.START_OBJECT);
            Signal signal = null;
            String notifiedSeverity = null;
            Signal quiet = null;
            long quietSince = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "signal" -> signal = signal(p);
                    case "notified_severity" -> notifiedSeverity = string(p);
                    case "quiet" -> quiet = signal(p);
                    case "quiet_since" -> quietSince = primitiveLong(p);
                    default -> p.skipChildren();
                }
            }
            list.add(new Escalator.TrackedState(signal, notifiedSeverity, quiet, quietSince));
        }
        return list;
    }

    private static Signal signal(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : SignalReader.read(p);
    }
}
