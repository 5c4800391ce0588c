package io.watchtower.tower.redisqueue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** The fields of an INFO reply ({@code name:value} lines; section headers and blanks skipped). */
final class Info {

    private final Map<String, String> fields;

    private Info(Map<String, String> fields) {
        this.fields = fields;
    }

    static Info parse(String text) {
        Map<String, String> fields = new HashMap<>();
        if (text != null) {
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        }
        return new Info(fields);
    }

    String string(String name) {
        return fields.get(name);
    }

    OptionalDouble number(String name) {
        String v = fields.get(name);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
