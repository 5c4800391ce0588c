package io.watchtower.runtime.series;

/**
 * One reported observation of one target.
 *
 * @param target the target
 * @param check the check ("" for reachability reports)
 * @param type what was reported
 * @param value the gauge value; the running total, for counters
 * @param failures failures, for ratios; the running total of failures, for ratio totals
 * @param attempts attempts, for ratios; the running total of attempts, for ratio totals
 * @param state the categorical value, for states; the reason, for unreachable reports
 */
public record Observation(String target, String check, Type type, double value, long failures, long attempts,
                          String state) {

    /** What was reported. */
    public enum Type {
        /** A numeric reading. */
        GAUGE,
        /** Failures out of attempts. */
        RATIO,
        /** A categorical value. */
        STATE,
        /** The running total of a counter, judged as its rate. */
        COUNTER,
        /** Running totals of failures and attempts, judged as the ratio of their increases. */
        RATIO_TOTALS,
        /** The target could not be reached. */
        UNREACHABLE;

        /**
         * @param kind a check's kind
         * @return whether a check of that kind may be reported this way
         */
        public boolean fits(io.watchtower.spi.CheckKind kind) {
            switch (kind) {
                case COUNTER:
                    return this == COUNTER;
                case RATIO:
                    return this == RATIO || this == RATIO_TOTALS;
                case STATE:
                    return this == STATE;
                default:
                    return this == GAUGE;
            }
        }
    }
}
