package io.watchtower.runtime.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.primitiveLong;
import static io.watchtower.runtime.json.JsonValues.string;

/** Lists of tower records as JSON (snake_case keys, nulls written), as the local store and the publication outbox hold them. */
final class TowerRecordJson {

    private TowerRecordJson() {
    }

    static void write(JsonGenerator g, Collection<TowerRecord> records) throws IOException {
        g.writeStartArray();
        for (TowerRecord r : records) {
            g.writeStartObject();
            g.writeStringField("host", r.host());
            g.writeStringField("id", r.id());
            g.writeStringField("type", r.type());
            g.writeStringField("component", r.component());
            g.writeStringField("version", r.version());
            g.writeStringField("config_hash", r.configHash());
            g.writeNumberField("started_ms", r.startedMs());
            g.writeNumberField("heartbeat_ms", r.heartbeatMs());
            g.writeNumberField("heartbeat_interval_ms", r.heartbeatIntervalMs());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** @return the records of the array at the parser's current token */
    static List<TowerRecord> read(JsonParser p) throws IOException {
        expect(p, JsonToken.START_ARRAY);
        List<TowerRecord> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p, JsonToken.START_OBJECT);
            String host = null;
            String id = null;
            String type = null;
            String component = null;
            String version = null;
            String configHash = null;
            long started = 0;
            long heartbeat = 0;
            long interval = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "host" -> host = string(p);
                    case "id" -> id = string(p);
                    case "type" -> type = string(p);
                    case "component" -> component = string(p);
                    case "version" -> version = string(p);
                    case "config_hash" -> configHash = string(p);
                    case "started_ms" -> started = primitiveLong(p);
                    case "heartbeat_ms" -> heartbeat = primitiveLong(p);
                    case "heartbeat_interval_ms" -> interval = primitiveLong(p);
                    default -> p.skipChildren();
                }
            }
            list.add(new TowerRecord(host, id, type, component, version, configHash, started, heartbeat, interval));
        }
        return list;
    }
}
