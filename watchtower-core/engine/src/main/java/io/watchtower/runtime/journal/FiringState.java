package io.watchtower.runtime.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.watchtower.runtime.json.JsonValues;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
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
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
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
        Long base = null;
        boolean sawFiring = false;
        List<String> signals = new java.util.ArrayList<>();
        try (JsonParser p = JsonValues.FACTORY.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notAState(file);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("base")) {
                    base = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT
                            ? Long.valueOf(p.getValueAsLong()) : null;
                } else if (name.equals("firing") && value == JsonToken.START_ARRAY) {
                    sawFiring = true;
                    signals.clear();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        signals.add(compact(p));
                    }
                } else {
                    if (name.equals("firing")) {
                        sawFiring = false;
                    }
                    p.skipChildren();
                }
            }
        }
        if (base == null || !sawFiring) {
            throw notAState(file);
        }
        signals.forEach(this::accept);
        return base;
    }

    private static IOException notAState(Path file) {
        return new IOException("journal state " + file + " is not {\"base\": <offset>, \"firing\": [...]}");
    }

    /** The value at the parser's current token as compact JSON (as the journal wrote it). */
    private static String compact(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }

    /**
     * @param base the base offset
     * @return this state with a base offset, as the file holds it
     */
    byte[] bytes(long base) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("base", base);
            g.writeArrayFieldStart("firing");
            for (String json : firing.values()) {
                try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
                    p.nextToken();
                    g.copyCurrentStructure(p);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
