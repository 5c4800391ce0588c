package io.watchtower.runtime.escalation;

import io.watchtower.runtime.json.JsonValues;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static io.watchtower.runtime.json.JsonValues.expect;
import static io.watchtower.runtime.json.JsonValues.optionalField;
import static io.watchtower.runtime.json.JsonValues.string;

/** The silences file (a JSON array of silences, snake_case keys, absent values left out), written and read with Jackson's streaming API. */
final class SilenceJson {

    private SilenceJson() {
    }

    static byte[] write(Collection<Silence> silences) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (Silence s : silences) {
                g.writeStartObject();
                fields(g, s);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    /**
     * @param s a silence
     * @return it as one JSON object, as the API answers a created or expired silence
     */
    static String text(Silence s) {
        java.io.StringWriter out = new java.io.StringWriter(256);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            fields(g, s);
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * @param silences silences
     * @param now the time their state is told at
     * @return {@code {"silences": [...]}} with each silence's {@code state} (active or expired), as the API lists them
     */
    static String list(Collection<Silence> silences, java.time.Instant now) {
        java.io.StringWriter out = new java.io.StringWriter(512);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("silences");
            for (Silence s : silences) {
                g.writeStartObject();
                fields(g, s);
                g.writeStringField("state", s.activeAt(now) ? "active" : "expired");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void fields(JsonGenerator g, Silence s) throws IOException {
        optionalField(g, "id", s.id());
        optionalField(g, "component", s.component());
        optionalField(g, "check", s.check());
        optionalField(g, "tower", s.tower());
        optionalField(g, "host", s.host());
        optionalField(g, "author", s.author());
        optionalField(g, "comment", s.comment());
        optionalField(g, "created_at", s.createdAt());
        optionalField(g, "expires_at", s.expiresAt());
        optionalField(g, "expired_at", s.expiredAt());
        optionalField(g, "expired_by", s.expiredBy());
    }

    static List<Silence> read(Path file) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(file.toFile())) {
            JsonValues.first(p);
            expect(p, JsonToken.START_ARRAY);
            List<Silence> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                expect(p, JsonToken.START_OBJECT);
                String[] f = new String[11];
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    int i = switch (name) {
                        case "id" -> 0;
                        case "component" -> 1;
                        case "check" -> 2;
                        case "tower" -> 3;
                        case "host" -> 4;
                        case "author" -> 5;
                        case "comment" -> 6;
                        case "created_at" -> 7;
                        case "expires_at" -> 8;
                        case "expired_at" -> 9;
                        case "expired_by" -> 10;
                        default -> -1;
                    };
                    if (i < 0) {
                        p.skipChildren();
                    } else {
                        f[i] = string(p);
                    }
                }
                list.add(new Silence(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]));
            }
            return list;
        }
    }
}
