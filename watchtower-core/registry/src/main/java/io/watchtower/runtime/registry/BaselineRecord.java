package io.watchtower.runtime.registry;

import io.watchtower.baseline.Adjustment;

import java.util.List;

/**
 * The baseline of one series in one season bucket, as last published.
 *
 * @param host the host
 * @param series the series id ({@code tower/target/check})
 * @param tower the tower id
 * @param target the target ("" for tower-wide series)
 * @param check the check
 * @param component the component
 * @param unit the unit of values
 * @param seasonBucket the season bucket the band applies to, or {@code global}
 * @param expected the expected value, null when not known yet
 * @param lower the lower edge of the usual band, null when not known
 * @param upper the upper edge of the usual band, null when not known
 * @param lastValue the last observed value, null for categorical series
 * @param confidence learning, partial or ready
 * @param samples observations learned from
 * @param learnedSinceMs epoch ms the series started learning
 * @param updatedMs epoch ms of this publication; a publication older than the stored one is ignored
 * @param revisions how many publications of this series and bucket the store applied
 * @param state the series' state when published: {@code ok}, {@code firing} or {@code stale}; null
 *              from a daemon that did not publish it
 * @param flapping whether it fired and resolved repeatedly
 * @param staleSinceMs epoch ms of its last observation while it is stale, null when it is not
 * @param feedback the adjustments answers to its pages made, in force when published, oldest first; empty
 *                 when there are none (and from a daemon that did not publish them)
 */
public record BaselineRecord(String host, String series, String tower, String target, String check,
                             String component, String unit, String seasonBucket, Double expected, Double lower,
                             Double upper, Double lastValue, String confidence, long samples, long learnedSinceMs,
                             long updatedMs, long revisions, String state, boolean flapping, Long staleSinceMs,
                             List<Adjustment> feedback) {

    /** Never null: a record read from an older store has no adjustments. */
    public BaselineRecord {
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
    }

    /** A baseline without feedback adjustments (the other components as in the canonical constructor). */
    public BaselineRecord(String host, String series, String tower, String target, String check,
                          String component, String unit, String seasonBucket, Double expected, Double lower,
                          Double upper, Double lastValue, String confidence, long samples, long learnedSinceMs,
                          long updatedMs, long revisions, String state, boolean flapping, Long staleSinceMs) {
        this(host, series, tower, target, check, component, unit, seasonBucket, expected, lower, upper, lastValue,
                confidence, samples, learnedSinceMs, updatedMs, revisions, state, flapping, staleSinceMs, List.of());
    }

    /**
     * @param nowMs epoch ms
     * @return the adjustments still in force at {@code nowMs} (a record published long ago may hold expired ones)
     */
    public List<Adjustment> feedbackInForce(long nowMs) {
        return feedback.stream().filter(a -> a.until() > nowMs).toList();
    }

    /** @return the key in a store: host, series and season bucket */
    String key() {
        return host + "\u0000" + series + "\u0000" + seasonBucket;
    }

    /** @param n revisions @return a copy with that revision count */
    BaselineRecord withRevisions(long n) {
        return new BaselineRecord(host, series, tower, target, check, component, unit, seasonBucket, expected, lower,
                upper, lastValue, confidence, samples, learnedSinceMs, updatedMs, n, state, flapping, staleSinceMs, feedback);
    }
}
