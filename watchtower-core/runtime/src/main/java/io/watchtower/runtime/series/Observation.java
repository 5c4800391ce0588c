package io.watchtower.runtime.series;

/**
 * One reported observation of one target.
 *
 * @param target the target
 * @param check the check ("" for reachability reports)
 * @param type what was reported
 * @param value the gauge value
 * @param failures failures, for ratios
 * @param attempts attempts, for ratios
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
        /** The target could not be reached. */
        UNREACHABLE
    }
}
