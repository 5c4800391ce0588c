package io.watchtower.launcher.replay;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parses the rows of a {@code timestamp,value} CSV: ISO-8601 or epoch-second timestamps. */
final class CsvSeries {

    private CsvSeries() {
    }

    /** @return whether the line looks like a header rather than data */
    static boolean isHeader(String line) {
        String[] parts = split(line);
        return parts.length >= 2 && timestamp(parts[0]) == Long.MIN_VALUE && Double.isNaN(number(parts[1]))
                && !parts[1].isBlank();
    }

    static String[] split(String line) {
        int comma = line.indexOf(',');
        if (comma < 0) {
            return new String[] {line.strip()};
        }
        int next = line.indexOf(',', comma + 1);
        String value = next < 0 ? line.substring(comma + 1) : line.substring(comma + 1, next);
        return new String[] {line.substring(0, comma).strip(), value.strip()};
    }

    /** @return epoch milliseconds, or {@link Long#MIN_VALUE} when unreadable */
    static long timestamp(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return Long.MIN_VALUE;
        }
        char first = t.charAt(0);
        if ((first >= '0' && first <= '9') && t.indexOf('-') < 0 && t.indexOf(':') < 0) {
            try {
                return Math.round(Double.parseDouble(t) * 1000);
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return Long.MIN_VALUE;
            }
        }
    }

    /** @return the value, or NaN when missing or unreadable */
    static double number(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
