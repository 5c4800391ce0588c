package io.watchtower.baseline;

import java.util.Objects;

/**
 * One answer to a page of a series, as the detector needs it: what was said, by whom, why, and
 * about which page. The daemon keeps these records as they were given; replaying them gives the
 * same adjustments.
 *
 * @param answer useful, noise or expected
 * @param at when the answer was given, epoch milliseconds
 * @param pageAt when the answered page's firing began, epoch milliseconds
 * @param observed the value the page reported (NaN when unknown)
 * @param expected the expected value the page reported (NaN when unknown)
 * @param until when the adjustment expires unless repeated, epoch milliseconds; -1 for the default
 *              ({@link #DEFAULT_LIFETIME_MILLIS} after {@code at})
 * @param who who answered (the API token's name)
 * @param note why, may be empty
 */
public record Feedback(FeedbackAnswer answer, long at, long pageAt, double observed, double expected, long until,
                       String who, String note) {

    /** How long an adjustment lasts when no expiry is given: 30 days. */
    public static final long DEFAULT_LIFETIME_MILLIS = 30 * 86_400_000L;
    /** The longest an adjustment may last: 180 days. */
    public static final long MAX_LIFETIME_MILLIS = 180 * 86_400_000L;
    /** Longer notes and names are cut to this many characters. */
    public static final int MAX_TEXT = 200;

    /** Checks the fields and bounds the texts. */
    public Feedback {
        Objects.requireNonNull(answer, "answer");
        if (until != -1 && until <= at) {
            throw new IllegalArgumentException("until must be after the time of the answer");
        }
        if (until != -1 && until - at > MAX_LIFETIME_MILLIS) {
            throw new IllegalArgumentException("until must be at most 180 days after the answer");
        }
        who = bounded(who == null || who.isBlank() ? "anonymous" : who);
        note = bounded(note == null ? "" : note.strip());
    }

    /** @return when the adjustment expires unless repeated */
    public long expires() {
        return until == -1 ? at + DEFAULT_LIFETIME_MILLIS : until;
    }

    static String bounded(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
