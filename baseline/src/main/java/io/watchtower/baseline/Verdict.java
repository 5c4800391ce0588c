package io.watchtower.baseline;

/**
 * The judgement of one observation.
 *
 * @param at epoch milliseconds of the observation
 * @param value the observed value (the failure ratio for ratio series, NaN for state series)
 * @param expected the expected value at this time
 * @param lower the lower edge of the usual band
 * @param upper the upper edge of the usual band
 * @param score how unusual, in [0, 1]; 0.5 at the anomaly threshold, monotone in the deviation
 * @param confidence how much the baseline can be trusted
 * @param samples observations the baseline has learned from
 * @param cause why this observation is bad, or {@link Cause#NONE}
 * @param firing whether the series is firing after this observation
 * @param flapping whether the series fires and resolves repeatedly
 * @param transition what this observation changed
 * @param since epoch milliseconds the current firing started, or -1 when not firing
 * @param firingCause the cause the current firing started with, or {@link Cause#NONE}
 * @param seasonBucket the season bucket the expectation came from, for example {@code "sat-20h"},
 *                     or {@code "global"}
 * @param state the observed categorical value, for state series; otherwise null
 * @param stableState the long-stable categorical value, for state series; otherwise null
 * @param stableSince epoch milliseconds since {@code stableState} has held, or -1
 */
public record Verdict(long at, double value, double expected, double lower, double upper, double score,
                      Confidence confidence, long samples, Cause cause, boolean firing, boolean flapping,
                      Transition transition, long since, Cause firingCause, String seasonBucket, String state,
                      String stableState, long stableSince) {

    /** @return whether this observation is bad (anomalous, beyond a guardrail or a change) */
    public boolean bad() {
        return cause != Cause.NONE;
    }
}
