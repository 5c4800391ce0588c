package io.watchtower.baseline;

import java.util.Locale;

/** What the person who got paged says about a page. */
public enum FeedbackAnswer {
    /** The page was worth it: keep the series as sensitive as it is now. */
    USEFUL,
    /** The page was noise: make the series (or the recurring time it paged at) less sensitive. */
    NOISE,
    /** The page came from a known recurring event: treat that event as normal at that time. */
    EXPECTED;

    /** @return the wire name: {@code useful}, {@code noise} or {@code expected} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param text a wire name
     * @return the answer
     * @throws IllegalArgumentException naming the accepted answers
     */
    public static FeedbackAnswer of(String text) {
        if (text != null) {
            for (FeedbackAnswer a : values()) {
                if (a.wireName().equals(text.strip().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("answer must be useful, noise or expected, got \"" + text + "\"");
    }
}
