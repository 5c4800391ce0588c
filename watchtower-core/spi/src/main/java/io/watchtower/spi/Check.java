package io.watchtower.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A check a tower declares: what it measures and how the core should judge its series.
 *
 * <p>Immutable; every {@code with}-style method returns a copy and validates its argument:
 * <pre>{@code
 * Check.gauge("connect_time").unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER)
 *      .minimumDelta(5).guardrailAbove(1000).describedAs("TCP connect time")
 * Check.ratio("connect_failures").severity(Severity.HIGH)
 * Check.counter("evictions").describedAs("Keys evicted per second")
 * Check.state("answer_set")
 * }</pre>
 */
public final class Check {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final String name;
    private final CheckKind kind;
    private final Unit unit;
    private final Direction worseWhen;
    private final double minimumDelta;
    private final double guardrailAbove;
    private final double guardrailBelow;
    private final Severity severity;
    private final String description;
    private final String runbook;
    private final boolean signed;
    private final boolean badNeverNormal;

    private Check(String name, CheckKind kind, Unit unit, Direction worseWhen, double minimumDelta,
                  double guardrailAbove, double guardrailBelow, Severity severity, String description,
                  String runbook, boolean signed) {
        this(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow, severity, description,
                runbook, signed, false);
    }

    private Check(String name, CheckKind kind, Unit unit, Direction worseWhen, double minimumDelta,
                  double guardrailAbove, double guardrailBelow, Severity severity, String description,
                  String runbook, boolean signed, boolean badNeverNormal) {
        this.name = name;
        this.kind = kind;
        this.unit = unit;
        this.worseWhen = worseWhen;
        this.minimumDelta = minimumDelta;
        this.guardrailAbove = guardrailAbove;
        this.guardrailBelow = guardrailBelow;
        this.severity = severity;
        this.description = description;
        this.runbook = runbook;
        this.signed = signed;
        this.badNeverNormal = badNeverNormal;
    }

    /**
     * A numeric reading judged against its baseline. Defaults: unit {@link Unit#NONE}, worse when
     * {@link Direction#HIGHER}, no minimum delta, no guardrail, severity {@link Severity#MEDIUM}.
     *
     * @param name snake_case, for example {@code "connect_time"}
     * @return the check
     */
    public static Check gauge(String name) {
        return create(name, CheckKind.GAUGE, Unit.NONE);
    }

    /**
     * Failures out of attempts, judged as a rate. Unit {@link Unit#RATIO}, worse when higher. A
     * fraction whose fall is bad (cache hits out of lookups) is a ratio
     * {@link #worseWhen(Direction) worse when} {@link Direction#LOWER}, reported with the hits as
     * the "failures".
     *
     * @param name snake_case, for example {@code "connect_failures"}
     * @return the check
     */
    public static Check ratio(String name) {
        return create(name, CheckKind.RATIO, Unit.RATIO);
    }

    /**
     * A monotonically increasing total, reported with {@link TargetObservations#counter(String, double)}
     * and judged as its rate per second. Unit {@link Unit#PER_SECOND}, worse when higher; the unit
     * and every other property can be changed as for a gauge. The core computes the rate between
     * two probes by its own clock and treats a total that went down as a reset, so a tower keeps no
     * previous reading. A counter declared {@link #signed()} is a level that rises and falls (a
     * queue's length): the core judges its change per second, negative while it falls, and no
     * reading is a reset. Since SPI version 2.
     *
     * @param name snake_case, for example {@code "evictions"}
     * @return the check
     */
    public static Check counter(String name) {
        return create(name, CheckKind.COUNTER, Unit.PER_SECOND);
    }

    /**
     * A categorical value judged on change and stability.
     *
     * @param name snake_case, for example {@code "answer_set"}
     * @return the check
     */
    public static Check state(String name) {
        return create(name, CheckKind.STATE, Unit.NONE).worseWhen(Direction.BOTH);
    }

    private static Check create(String name, CheckKind kind, Unit unit) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("check name '" + name
                    + "' must be snake_case: a lower-case letter, then letters, digits or '_' (at most 63)");
        }
        return new Check(name, kind, unit, Direction.HIGHER, 0, Double.NaN, Double.NaN, Severity.MEDIUM,
                "", "", false);
    }

    /**
     * @param value the unit of this check's values
     * @return a copy with that unit
     */
    public Check unit(Unit value) {
        return new Check(name, kind, Objects.requireNonNull(value, "unit"), worseWhen, minimumDelta,
                guardrailAbove, guardrailBelow, severity, description, runbook, signed, badNeverNormal);
    }

    /**
     * @param value which deviation is bad
     * @return a copy with that direction
     */
    public Check worseWhen(Direction value) {
        return new Check(name, kind, unit, Objects.requireNonNull(value, "worseWhen"), minimumDelta,
                guardrailAbove, guardrailBelow, severity, description, runbook, signed, badNeverNormal);
    }

    /**
     * The smallest deviation from the expected value worth a signal, in the check's unit, so that
     * a move from 0.1 ms to 0.3 ms is not paged however unusual it is.
     *
     * @param value zero or more
     * @return a copy with that minimum delta
     */
    public Check minimumDelta(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("minimumDelta of check '" + name + "' must be a finite number >= 0, got " + value);
        }
        return new Check(name, kind, unit, worseWhen, value, guardrailAbove, guardrailBelow, severity,
                description, runbook, signed, badNeverNormal);
    }

    /**
     * A static limit: a value above it fires a {@code threshold} signal even while the baseline
     * is still learning.
     *
     * @param value the limit, in the check's unit
     * @return a copy with that guardrail
     */
    public Check guardrailAbove(double value) {
        requireFinite(value, "guardrailAbove");
        return new Check(name, kind, unit, worseWhen, minimumDelta, value, guardrailBelow, severity,
                description, runbook, signed, badNeverNormal);
    }

    /**
     * A static limit: a value below it fires a {@code threshold} signal even while learning.
     *
     * @param value the limit, in the check's unit
     * @return a copy with that guardrail
     */
    public Check guardrailBelow(double value) {
        requireFinite(value, "guardrailBelow");
        return new Check(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, value, severity,
                description, runbook, signed, badNeverNormal);
    }

    /**
     * @param value how much this check matters when it fires
     * @return a copy with that declared severity
     */
    public Check severity(Severity value) {
        return new Check(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow,
                Objects.requireNonNull(value, "severity"), description, runbook, signed, badNeverNormal);
    }

    /**
     * @param value one human sentence: what this check measures
     * @return a copy with that description
     */
    public Check describedAs(String value) {
        return new Check(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow, severity,
                Objects.requireNonNull(value, "description"), runbook, signed, badNeverNormal);
    }

    /**
     * @param value a link to what to do when this check fires
     * @return a copy with that runbook link
     */
    public Check runbook(String value) {
        return new Check(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow, severity,
                description, Objects.requireNonNull(value, "runbook"), signed, badNeverNormal);
    }

    /**
     * Declares that this check's values may be negative although its unit's usually are not (a
     * growth rate that turns negative while a backlog drains, days left until an expiry that may
     * already have passed). Without it, a check whose {@link Unit#nonNegative() unit is
     * non-negative} never gets an expected value or a usual band below zero. On a
     * {@link #counter(String) counter} it declares the reported value a level whose change per
     * second is judged, so a reading lower than the previous one is a fall, not a reset.
     *
     * @return a copy whose values may be negative
     */
    public Check signed() {
        return new Check(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow, severity,
                description, runbook, true, badNeverNormal);
    }

    /**
     * Declares that this check's bad state is never normal, however long it lasts: a consumer lag, a
     * backlog, blocked sessions, a replication lag. Values worse than usual (in the
     * {@link #worseWhen(Direction) worse direction}) are then never learned while they are bad, and a
     * shift towards worse is never adopted as the new normal: a stuck consumer keeps its signal open
     * until the lag comes back, instead of resolving after an hour as "back to normal".
     *
     * @return a copy whose bad state is never learned as normal
     */
    public Check badNeverNormal() {
        return new Check(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow, severity,
                description, runbook, signed, true);
    }

    private void requireFinite(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " of check '" + name + "' must be finite, got " + value);
        }
    }

    /** @return the snake_case name */
    public String name() {
        return name;
    }

    /** @return how the series is judged */
    public CheckKind kind() {
        return kind;
    }

    /** @return the unit of values */
    public Unit unit() {
        return unit;
    }

    /** @return which deviation is bad */
    public Direction worseWhen() {
        return worseWhen;
    }

    /** @return the smallest deviation worth a signal, in the check's unit */
    public double minimumDelta() {
        return minimumDelta;
    }

    /** @return the static upper limit, or NaN when none is declared */
    public double guardrailAbove() {
        return guardrailAbove;
    }

    /** @return the static lower limit, or NaN when none is declared */
    public double guardrailBelow() {
        return guardrailBelow;
    }

    /** @return the declared priority */
    public Severity severity() {
        return severity;
    }

    /** @return what this check measures; may be empty */
    public String description() {
        return description;
    }

    /** @return the runbook link; may be empty */
    public String runbook() {
        return runbook;
    }

    /**
     * @return whether this check's values can never be negative: its unit's are not and it is not
     *     declared {@link #signed()}
     */
    public boolean nonNegative() {
        return !signed && unit.nonNegative();
    }

    /** @return whether this check's bad state is never learned as normal (see {@link #badNeverNormal()}) */
    public boolean isBadNeverNormal() {
        return badNeverNormal;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Check)) {
            return false;
        }
        Check c = (Check) o;
        return name.equals(c.name) && kind == c.kind && unit == c.unit && worseWhen == c.worseWhen
                && Double.compare(minimumDelta, c.minimumDelta) == 0
                && Double.compare(guardrailAbove, c.guardrailAbove) == 0
                && Double.compare(guardrailBelow, c.guardrailBelow) == 0 && severity == c.severity
                && description.equals(c.description) && runbook.equals(c.runbook) && signed == c.signed
                && badNeverNormal == c.badNeverNormal;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, unit, worseWhen, minimumDelta, guardrailAbove, guardrailBelow, severity, signed, badNeverNormal);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " (" + unit.wireName() + ", worse when "
                + worseWhen.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
