package io.watchtower.runtime.series;

import java.util.List;
import java.util.Map;

/**
 * Everything one probe of one tower produced.
 *
 * @param tower the tower id
 * @param at epoch milliseconds the probe started
 * @param outcome how the probe went
 * @param failure what went wrong, when the outcome is not {@link Outcome#OK}
 * @param observations what the tower reported, in order
 * @param context context per target
 * @param durationNanos how long the probe took
 * @param drops observations the core dropped: this probe's over the cap or without a check, and
 *        those a previous probe's tower reported after that probe had ended
 * @param monotonicNanos the clock's monotonic reading when the probe started, for measuring how long
 *                       a series fires whatever the wall clock does; {@link #NO_MONOTONIC} when there
 *                       is none (scripted and replayed results)
 */
public record ProbeResult(String tower, long at, Outcome outcome, String failure, List<Observation> observations,
                          Map<String, Map<String, String>> context, long durationNanos, Drops drops,
                          long monotonicNanos) {

    /** The {@code monotonicNanos} of a result without a monotonic reading. */
    public static final long NO_MONOTONIC = Long.MIN_VALUE;

    /** A result without dropped observations and without a monotonic reading. */
    public ProbeResult(String tower, long at, Outcome outcome, String failure, List<Observation> observations,
                       Map<String, Map<String, String>> context, long durationNanos) {
        this(tower, at, outcome, failure, observations, context, durationNanos, Drops.NONE, NO_MONOTONIC);
    }

    /**
     * Observations a tower reported that the core dropped, by reason.
     *
     * @param overCap past the cap of observations per probe
     * @param late reported after the probe had ended (timed out or returned)
     * @param invalid reported without a check name
     */
    public record Drops(long overCap, long late, long invalid) {
        /** No drops. */
        public static final Drops NONE = new Drops(0, 0, 0);

        /** @return all dropped observations */
        public long total() {
            return overCap + late + invalid;
        }
    }

    /** How a probe went. */
    public enum Outcome {
        /** It completed. */
        OK,
        /** It threw. */
        FAILED,
        /** It did not complete within the timeout. */
        TIMEOUT,
        /** It was skipped because the previous probe was still running. */
        OVERRUN;

        /** @return the lower-case name */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @return whether every reported target was unreachable (and at least one was reported) */
    public boolean allUnreachable() {
        boolean any = false;
        java.util.Set<String> reachable = new java.util.HashSet<>();
        java.util.Set<String> unreachable = new java.util.HashSet<>();
        for (Observation o : observations) {
            any = true;
            if (o.type() == Observation.Type.UNREACHABLE) {
                unreachable.add(o.target());
            } else {
                reachable.add(o.target());
            }
        }
        unreachable.removeAll(reachable);
        return any && reachable.isEmpty() && !unreachable.isEmpty();
    }
}
