package io.watchtower.runtime.registry;

import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.FeedbackRecordJson;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.List;

/**
 * One entry of the registry's publication outbox, read with Jackson's streaming API:
 * {@code {"type": "towers" | "baselines" | "feedback", <type>: <value>}}.
 *
 * @param type what the entry holds
 * @param towers the tower records of a {@code towers} entry, else null
 * @param baselines the baseline records of a {@code baselines} entry, else null
 * @param feedback the answer of a {@code feedback} entry, else null
 */
record OutboxEntry(String type, List<TowerRecord> towers, List<BaselineRecord> baselines, FeedbackRecord feedback) {

    /**
     * @param p a fresh parser over one entry
     * @return the entry; its type is "" when it has none
     * @throws IOException when it is not JSON, or its type's value is missing or not of that type
     */
    static OutboxEntry read(JsonParser p) throws IOException {
        JsonValues.first(p);
        JsonValues.expect(p, JsonToken.START_OBJECT);
        String type = "";
        List<TowerRecord> towers = null;
        List<BaselineRecord> baselines = null;
        FeedbackRecord feedback = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "type" -> type = p.currentToken().isScalarValue() ? p.getText() : "";
                case "towers" -> towers = TowerRecordJson.read(p);
                case "baselines" -> baselines = BaselineRecordJson.read(p);
                case "feedback" -> feedback = FeedbackRecordJson.read(p);
                default -> p.skipChildren();
            }
            if (name.equals("type") && !p.currentToken().isScalarValue()) {
                p.skipChildren();
            }
        }
        boolean missing = switch (type) {
            case "towers" -> towers == null;
            case "baselines" -> baselines == null;
            case "feedback" -> feedback == null;
            default -> false;
        };
        if (missing) {
            throw new JsonParseException(p, "a registry outbox entry of type " + type + " without its value");
        }
        return new OutboxEntry(type, towers, baselines, feedback);
    }
}
