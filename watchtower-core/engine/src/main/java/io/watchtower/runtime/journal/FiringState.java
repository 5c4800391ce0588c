package io.watchtower.runtime.journal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.signal.SignalJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last signal of every fingerprint that fires, as JSON lines, kept up to date as signals are
 * journaled. Saved with the journal's base offset when a segment is rotated, so start-up reads
 * this and the current segment, never the history.
 *
 * <p>The file is one JSON object: {@code {"base": <offset of the current segment's first byte>,
 * "firing": [<signal>, ...]}}.
 */
final class FiringState {

    private final Map<String, String> firing = new LinkedHashMap<>();

    /**
     * Takes one journaled signal.
     *
     * @param json the signal's JSON
     * @return false when the line is not a signal (it is ignored)
     */
    boolean accept(String json) {
        String fingerprint = null;
        String state = null;
        try (JsonParser p = SignalJson.mapper().getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME && (fingerprint == null || state == null)) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("fingerprint") && value == JsonToken.VALUE_STRING) {
                    fingerprint = p.getText();
                } else if (name.equals("state") && value == JsonToken.VALUE_STRING) {
                    state = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return false;
        }
        if (fingerprint == null || state == null) {
            return false;
        }
        if (state.equals("firing")) {
            firing.remove(fingerprint); // re-inserted last: the map keeps journal order
            firing.put(fingerprint, json);
        } else {
            firing.remove(fingerprint);
        }
        return true;
    }

    /** @return the JSON of the last signal of every firing fingerprint, in journal order */
    List<String> lines() {
        return List.copyOf(firing.values());
    }

    /**
     * Reads a saved state into this one.
     *
     * @param file the saved state
     * @return the base offset saved with it
     */
    long read(Path file) throws IOException {
        JsonNode node = SignalJson.mapper().readTree(file.toFile());
        if (node == null || !node.path("base").canConvertToLong() || !node.path("firing").isArray()) {
            throw new IOException("journal state " + file + " is not {\"base\": <offset>, \"firing\": [...]}");
        }
        for (JsonNode signal : node.get("firing")) {
            accept(signal.toString());
        }
        return node.get("base").asLong();
    }

    /**
     * @param base the base offset
     * @return this state with a base offset, as the file holds it
     */
    byte[] bytes(long base) throws IOException {
        ObjectNode node = SignalJson.mapper().createObjectNode().put("base", base);
        ArrayNode array = node.putArray("firing");
        for (String json : firing.values()) {
            array.add(SignalJson.mapper().readTree(json));
        }
        return SignalJson.mapper().writeValueAsBytes(node);
    }
}
