package io.watchtower.spi;

/**
 * Reports observations of one target. Every method names a check declared by the tower's factory;
 * an undeclared check is rejected by the core.
 */
public interface TargetObservations {

    /**
     * A numeric reading of a {@link CheckKind#GAUGE} check.
     *
     * @param check the declared check name
     * @param value the reading, in the check's unit; NaN and infinities are rejected
     * @return this, for chaining
     */
    TargetObservations gauge(String check, double value);

    /**
     * Outcomes of a {@link CheckKind#RATIO} check: how many of {@code attempts} failed.
     *
     * @param check the declared check name
     * @param failures failed attempts, between 0 and {@code attempts}
     * @param attempts attempts made in this probe
     * @return this, for chaining
     */
    TargetObservations ratio(String check, long failures, long attempts);

    /**
     * The running total of a {@link CheckKind#COUNTER} check, as the watched component reports it
     * (for example Redis' {@code evicted_keys}). The core turns two totals into a rate per second,
     * timed by its own clock; a total lower than the previous one is a reset and yields no rate
     * for this probe. For a counter declared {@link Check#signed()}, the value is a level (a
     * queue's length) and a lower reading is a negative change, not a reset. Since SPI version 2.
     *
     * @param check the declared check name
     * @param total the total so far; NaN and infinities are rejected, and so are negative totals
     *              unless the check is signed
     * @return this, for chaining
     */
    TargetObservations counter(String check, double total);

    /**
     * Outcomes of a {@link CheckKind#RATIO} check as running totals (for example
     * {@code xact_rollback} and {@code xact_rollback + xact_commit}): the core judges the failures
     * out of the attempts made since the previous probe. When either total went down it was reset,
     * and this probe yields no ratio. Since SPI version 2.
     *
     * @param check the declared check name
     * @param failuresTotal failed attempts so far, at most {@code attemptsTotal}
     * @param attemptsTotal attempts so far
     * @return this, for chaining
     */
    TargetObservations ratioTotals(String check, long failuresTotal, long attemptsTotal);

    /**
     * The value of a {@link CheckKind#STATE} check, for example a sorted answer set.
     *
     * @param check the declared check name
     * @param state the categorical value
     * @return this, for chaining
     */
    TargetObservations state(String check, String state);

    /**
     * Context for any signal this target raises now: who blocks whom, which backend answered.
     * Context is evidence, never part of a series key.
     *
     * @param key a short name
     * @param value its value
     * @return this, for chaining
     */
    TargetObservations context(String key, String value);

    /**
     * The target could not be reached at all in this probe.
     *
     * @param reason what went wrong, for example {@code "connection refused"}
     * @return this, for chaining
     */
    TargetObservations unreachable(String reason);
}
