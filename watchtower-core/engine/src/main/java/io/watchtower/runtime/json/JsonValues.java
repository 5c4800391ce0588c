package io.watchtower.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the value at a streaming parser's current token as the daemon's state files and wire forms
 * hold it, with the coercions Jackson's databinding applied when it read them (a number where a
 * string is expected reads as its text, {@code null} as the type's empty value), and writes the
 * values that are left out when null. A value of the wrong shape fails with a {@link JsonParseException}
 * naming where it is, so a corrupt state file is quarantined as before.
 */
public final class JsonValues {

    /** The factory every reader and writer of the daemon's JSON uses: plain JSON, no object mapper. */
    public static final JsonFactory FACTORY = new JsonFactory();

    private JsonValues() {
    }

    /**
     * @param p a parser at a value
     * @return its text, or null for {@code null}
     * @throws IOException when the value is an object or an array
     */
    public static String string(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != null && t.isScalarValue()) {
            return p.getText();
        }
        throw new JsonParseException(p, "expected a string for \"" + p.currentName() + "\", got " + t);
    }

    /**
     * @param p a parser at a value
     * @return the number, or null for {@code null}
     * @throws IOException when the value is not a number (or a string holding one)
     */
    public static Double nullableDouble(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Double.valueOf(p.getText().strip());
            } catch (NumberFormatException e) {
                throw new JsonParseException(p, "expected a number for \"" + p.currentName() + "\", got \"" + p.getText() + "\"");
            }
        }
        throw new JsonParseException(p, "expected a number for \"" + p.currentName() + "\", got " + t);
    }

    /**
     * @param p a parser at a value
     * @return the number, 0 for {@code null}
     * @throws IOException when the value is not a number
     */
    public static double primitiveDouble(JsonParser p) throws IOException {
        Double d = nullableDouble(p);
        return d == null ? 0.0 : d;
    }

    /**
     * @param p a parser at a value
     * @return the whole number, or null for {@code null}
     * @throws IOException when the value is not a whole number (or a string holding one)
     */
    public static Long nullableLong(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return (long) p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Long.valueOf(p.getText().strip());
            } catch (NumberFormatException e) {
                throw new JsonParseException(p, "expected a whole number for \"" + p.currentName() + "\", got \""
                        + p.getText() + "\"");
            }
        }
        throw new JsonParseException(p, "expected a whole number for \"" + p.currentName() + "\", got " + t);
    }

    /**
     * @param p a parser at a value
     * @return the whole number, 0 for {@code null}
     * @throws IOException when the value is not a whole number
     */
    public static long primitiveLong(JsonParser p) throws IOException {
        Long l = nullableLong(p);
        return l == null ? 0L : l;
    }

    /**
     * @param p a parser at a value
     * @return the whole number, 0 for {@code null}
     * @throws IOException when the value is not a whole number in range
     */
    public static int primitiveInt(JsonParser p) throws IOException {
        long l = primitiveLong(p);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw new JsonParseException(p, "\"" + p.currentName() + "\" out of range: " + l);
        }
        return (int) l;
    }

    /**
     * @param p a parser at a value
     * @return the truth value, false for {@code null}
     * @throws IOException when the value is not a boolean
     */
    public static boolean primitiveBoolean(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t == JsonToken.VALUE_STRING && ("true".equals(p.getText()) || "false".equals(p.getText()))) {
            return Boolean.parseBoolean(p.getText());
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue() != 0;
        }
        throw new JsonParseException(p, "expected true or false for \"" + p.currentName() + "\", got " + t);
    }

    /**
     * @param p a parser at a value
     * @return an object of strings in its order, or null for {@code null}
     * @throws IOException when the value is not an object of scalars
     */
    public static Map<String, String> stringMap(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_OBJECT);
        Map<String, String> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            map.put(key, string(p));
        }
        return map;
    }

    /**
     * Reads an array of strings, or null.
     *
     * @param p a parser positioned on the value
     * @return the strings in order, or null when the value is null
     * @throws IOException when the value is neither an array nor null, or the input cannot be read
     */
    public static List<String> nullableStrings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, JsonToken.START_ARRAY);
        List<String> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(string(p));
        }
        return list;
    }

    /**
     * @param p a parser
     * @param token the token it must be at
     * @throws IOException naming the token found instead
     */
    public static void expect(JsonParser p, JsonToken token) throws IOException {
        if (p.currentToken() != token) {
            throw new JsonParseException(p, "expected " + token + (p.currentName() == null ? "" : " for \""
                    + p.currentName() + "\"") + ", got " + p.currentToken());
        }
    }

    /**
     * Writes a field unless its value is null (as {@code @JsonInclude(NON_NULL)} did).
     *
     * @param g where to write
     * @param name the field's name
     * @param value its value, or null to leave the field out
     * @throws IOException when the generator cannot write
     */
    public static void optionalField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /**
     * Writes a number field unless its value is null (as {@code @JsonInclude(NON_NULL)} did).
     *
     * @param g where to write
     * @param name the field's name
     * @param value its value, or null to leave the field out
     * @throws IOException when the generator cannot write
     */
    public static void optionalField(JsonGenerator g, String name, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.doubleValue());
        }
    }

    /**
     * Writes a whole-number field unless its value is null (as {@code @JsonInclude(NON_NULL)} did).
     *
     * @param g where to write
     * @param name the field's name
     * @param value its value, or null to leave the field out
     * @throws IOException when the generator cannot write
     */
    public static void optionalField(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }

    /**
     * Moves a fresh parser to the first token of a document.
     *
     * @param p a fresh parser
     * @return the first token
     * @throws IOException when the document is empty
     */
    public static JsonToken first(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new JsonParseException(p, "no content");
        }
        return t;
    }
}
