package io.watchtower.launcher.replay;

/**
 * One judged input row.
 *
 * @param timestamp the input's timestamp text
 * @param at epoch milliseconds, or {@link Long#MIN_VALUE} when the timestamp could not be read
 * @param value the value, NaN when missing or unreadable
 * @param expected expected value
 * @param lower lower band edge
 * @param upper upper band edge
 * @param score score in [0, 1]
 * @param confidence learning, partial or ready
 * @param firing whether the series fires after this row
 */
record ReplayRow(String timestamp, long at, double value, double expected, double lower, double upper, double score,
                 String confidence, boolean firing) {
}
