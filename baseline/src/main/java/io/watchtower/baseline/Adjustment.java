package io.watchtower.baseline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A change of a series' sensitivity made by feedback, as shown on the series: what was answered,
 * where it applies, by how much, who said so and why, and until when.
 *
 * @param answer the answer that made it
 * @param scope where it applies: {@code whole series}, {@code daily 05:00–07:00 UTC} or
 *              {@code Mondays 05:00–07:00 UTC}
 * @param since when it was first answered, epoch milliseconds
 * @param lastAt when it was last answered, epoch milliseconds
 * @param answers how many answers made it (repeats strengthen it, up to a cap)
 * @param who who answered last
 * @param note why, as said last (may be empty)
 * @param until when it expires unless repeated, epoch milliseconds
 * @param bandFactor how much wider the band is for a {@code noise} answer (1 otherwise)
 * @param allowance for an {@code expected} answer: how far from the usual a value may be within the
 *                  window and still be normal, in the series' unit (0 otherwise)
 */
public record Adjustment(FeedbackAnswer answer, String scope, long since, long lastAt, int answers, String who,
                         String note, long until, double bandFactor, double allowance) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    /**
     * @param zone the zone dates are shown in
     * @return one sentence, for example {@code sensitivity lowered on 3 Dec after feedback 'noise' from
     *     token oncall-1: batch job (band ×1.5 daily 05:00–07:00 UTC, 1 answer, until 2 Jan)}
     */
    public String describe(ZoneId zone) {
        String after = " on " + day(lastAt, zone) + " after feedback '" + answer.wireName() + "' from token " + who
                + (note.isEmpty() ? "" : ": " + note);
        String times = answers + (answers == 1 ? " answer" : " answers") + (answers > 1 ? " since " + day(since, zone)
                : "") + ", until " + day(until, zone);
        switch (answer) {
            case NOISE:
                return "sensitivity lowered" + after + " (band ×" + String.format(Locale.ROOT, "%.1f", bandFactor)
                        + " " + scope + ", " + times + ")";
            case EXPECTED:
                return "known event expected" + after + " (normal " + scope + " up to "
                        + String.format(Locale.ROOT, "%.4g", allowance) + " from the usual, " + times + ")";
            default:
                return "sensitivity kept" + after + " (no automatic widening of the band, " + times + ")";
        }
    }

    private static String day(long at, ZoneId zone) {
        return DAY.format(Instant.ofEpochMilli(at).atZone(zone == null ? ZoneOffset.UTC : zone));
    }
}
