package io.watchtower.baseline;

import java.util.Objects;

/**
 * How one series is judged. Immutable; each {@code with}-method returns a validated copy.
 *
 * <p>Defaults: gauge, worse when higher, no minimum delta, no guardrails, warm-up of 30
 * observations, a rolling window of 240 observations, anomalous beyond 4 robust standard
 * deviations, fire when 3 of the last 5 observations are bad, resolve after 3 good ones in a row.
 */
public final class DetectorSettings {

    private static final DetectorSettings DEFAULTS = new DetectorSettings(SeriesKind.GAUGE, Direction.HIGHER, 0,
            Double.NaN, Double.NaN, 30, 240, 4.0, 3, 5, 3);

    private final SeriesKind kind;
    private final Direction direction;
    private final double minimumDelta;
    private final double guardrailAbove;
    private final double guardrailBelow;
    private final int warmUp;
    private final int window;
    private final double threshold;
    private final int fireAfter;
    private final int fireWindow;
    private final int resolveAfter;

    private DetectorSettings(SeriesKind kind, Direction direction, double minimumDelta, double guardrailAbove,
                             double guardrailBelow, int warmUp, int window, double threshold, int fireAfter,
                             int fireWindow, int resolveAfter) {
        this.kind = kind;
        this.direction = direction;
        this.minimumDelta = minimumDelta;
        this.guardrailAbove = guardrailAbove;
        this.guardrailBelow = guardrailBelow;
        this.warmUp = warmUp;
        this.window = window;
        this.threshold = threshold;
        this.fireAfter = fireAfter;
        this.fireWindow = fireWindow;
        this.resolveAfter = resolveAfter;
    }

    /** @return the default settings */
    public static DetectorSettings defaults() {
        return DEFAULTS;
    }

    private DetectorSettings copy(SeriesKind k, Direction d, double md, double ga, double gb, int wu, int w,
                                  double t, int fa, int fw, int ra) {
        return new DetectorSettings(k, d, md, ga, gb, wu, w, t, fa, fw, ra);
    }

    /** @param value how values are modelled @return a copy */
    public DetectorSettings kind(SeriesKind value) {
        return copy(Objects.requireNonNull(value, "kind"), direction, minimumDelta, guardrailAbove, guardrailBelow,
                warmUp, window, threshold, fireAfter, fireWindow, resolveAfter);
    }

    /** @param value which deviation is bad @return a copy */
    public DetectorSettings direction(Direction value) {
        return copy(kind, Objects.requireNonNull(value, "direction"), minimumDelta, guardrailAbove, guardrailBelow,
                warmUp, window, threshold, fireAfter, fireWindow, resolveAfter);
    }

    /** @param value smallest deviation worth firing, {@code >= 0} @return a copy */
    public DetectorSettings minimumDelta(double value) {
        require(value >= 0 && Double.isFinite(value), "minimum-delta", "a finite number >= 0", value);
        return copy(kind, direction, value, guardrailAbove, guardrailBelow, warmUp, window, threshold, fireAfter,
                fireWindow, resolveAfter);
    }

    /** @param value static upper limit, or NaN for none @return a copy */
    public DetectorSettings guardrailAbove(double value) {
        require(!Double.isInfinite(value), "guardrail.above", "a finite number", value);
        return copy(kind, direction, minimumDelta, value, guardrailBelow, warmUp, window, threshold, fireAfter,
                fireWindow, resolveAfter);
    }

    /** @param value static lower limit, or NaN for none @return a copy */
    public DetectorSettings guardrailBelow(double value) {
        require(!Double.isInfinite(value), "guardrail.below", "a finite number", value);
        return copy(kind, direction, minimumDelta, guardrailAbove, value, warmUp, window, threshold, fireAfter,
                fireWindow, resolveAfter);
    }

    /** @param value observations before the series is READY, {@code >= 1} @return a copy */
    public DetectorSettings warmUp(int value) {
        require(value >= 1 && value <= 100_000, "warm-up", "an integer between 1 and 100000", value);
        return copy(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, value, window, threshold,
                fireAfter, fireWindow, resolveAfter);
    }

    /** @param value observations kept for the rolling level and spread, 16..512 @return a copy */
    public DetectorSettings window(int value) {
        require(value >= 16 && value <= 512, "window", "an integer between 16 and 512", value);
        return copy(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, warmUp, value, threshold,
                fireAfter, fireWindow, resolveAfter);
    }

    /** @param value robust standard deviations beyond which a value is anomalous, &gt; 0 @return a copy */
    public DetectorSettings threshold(double value) {
        require(value > 0 && Double.isFinite(value), "threshold", "a finite number > 0", value);
        return copy(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, warmUp, window, value,
                fireAfter, fireWindow, resolveAfter);
    }

    /**
     * @param k bad observations needed to fire, {@code 1 <= k <= n}
     * @param n out of the last n, at most 32
     * @return a copy
     */
    public DetectorSettings fireWhen(int k, int n) {
        require(n >= 1 && n <= 32, "fire.of", "an integer between 1 and 32", n);
        require(k >= 1 && k <= n, "fire.after", "an integer between 1 and fire.of (" + n + ")", k);
        return copy(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, warmUp, window, threshold, k, n,
                resolveAfter);
    }

    /** @param value good observations in a row needed to resolve, {@code >= 1} @return a copy */
    public DetectorSettings resolveAfter(int value) {
        require(value >= 1 && value <= 1000, "resolve-after", "an integer between 1 and 1000", value);
        return copy(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, warmUp, window, threshold,
                fireAfter, fireWindow, value);
    }

    private static void require(boolean ok, String key, String expected, double value) {
        if (!ok) {
            throw new IllegalArgumentException(key + " must be " + expected + ", got " + value);
        }
    }

    /** @return how values are modelled */
    public SeriesKind kind() {
        return kind;
    }

    /** @return which deviation is bad */
    public Direction direction() {
        return direction;
    }

    /** @return smallest deviation worth firing */
    public double minimumDelta() {
        return minimumDelta;
    }

    /** @return static upper limit, NaN when none */
    public double guardrailAbove() {
        return guardrailAbove;
    }

    /** @return static lower limit, NaN when none */
    public double guardrailBelow() {
        return guardrailBelow;
    }

    /** @return observations before READY */
    public int warmUp() {
        return warmUp;
    }

    /** @return rolling window size */
    public int window() {
        return window;
    }

    /** @return robust standard deviations beyond which a value is anomalous */
    public double threshold() {
        return threshold;
    }

    /** @return bad observations needed to fire */
    public int fireAfter() {
        return fireAfter;
    }

    /** @return the window the fire count is taken over */
    public int fireWindow() {
        return fireWindow;
    }

    /** @return good observations in a row needed to resolve */
    public int resolveAfter() {
        return resolveAfter;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DetectorSettings)) {
            return false;
        }
        DetectorSettings s = (DetectorSettings) o;
        return kind == s.kind && direction == s.direction && Double.compare(minimumDelta, s.minimumDelta) == 0
                && Double.compare(guardrailAbove, s.guardrailAbove) == 0
                && Double.compare(guardrailBelow, s.guardrailBelow) == 0 && warmUp == s.warmUp && window == s.window
                && Double.compare(threshold, s.threshold) == 0 && fireAfter == s.fireAfter
                && fireWindow == s.fireWindow && resolveAfter == s.resolveAfter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, warmUp, window, threshold,
                fireAfter, fireWindow, resolveAfter);
    }

    @Override
    public String toString() {
        return "DetectorSettings{" + kind + ", worse=" + direction + ", minimumDelta=" + minimumDelta + ", warmUp="
                + warmUp + ", window=" + window + ", threshold=" + threshold + ", fire=" + fireAfter + "/"
                + fireWindow + ", resolveAfter=" + resolveAfter + "}";
    }
}
