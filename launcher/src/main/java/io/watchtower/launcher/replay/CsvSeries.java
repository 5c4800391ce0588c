package io.watchtower.launcher.replay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Parses the rows of a {@code timestamp,value} CSV. Timestamps are ISO-8601 date-times, with a zone
 * or offset ({@code 2013-07-04T00:00:00Z}, {@code 2013-07-04T02:00:00+02:00}) or without one, which
 * is then UTC ({@code 2013-07-04T00:00:00}, also with a space for the {@code T}); or epoch seconds,
 * fractions allowed. Values are decimal numbers; an empty value is a gap.
 */
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
                double seconds = Double.parseDouble(t);
                return Double.isFinite(seconds) ? Math.round(seconds * 1000) : Long.MIN_VALUE;
            } catch (NumberFormatException e) {
                return Long.MIN_VALUE;
            }
        }
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(t);
            if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(parsed).toEpochMilli();
            }
            return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Long.MIN_VALUE;
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

    /**
     * @return the value, NaN for an empty one (a gap)
     * @throws NumberFormatException when the text is not a decimal number
     */
    static double value(String text) {
        if (text == null || text.isBlank()) {
            return Double.NaN;
        }
        String v = text.strip();
        char last = v.charAt(v.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            throw new NumberFormatException(v);  // Java's type suffixes are not CSV numbers
        }
        return Double.parseDouble(v);
    }
}
