package io.watchtower.baseline;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * How one series is judged. Immutable; each {@code with}-style method returns a validated copy.
 * Every setting has a configuration key (shown in each method's documentation), documented with
 * its default in {@code docs/detection.md}.
 *
 * <p>Defaults: gauge, worse when higher, no minimum delta, no guardrails, warm-up of 30
 * observations, a rolling window of 240 observations, anomalous beyond 4 robust standard
 * deviations, fire when 3 of the last 5 observations are bad, resolve after 3 good ones in a row,
 * median level, seasonal profile in UTC trusted after 30 observations per bucket, CUSUM with
 * allowance 1 and limit 8, a confirmed shift adopted as the new normal after 60 observations,
 * failure rates judged over the last 64 observations against the last 2000.
 */
public final class DetectorSettings {

    private static final DetectorSettings DEFAULTS = new DetectorSettings();

    private SeriesKind kind = SeriesKind.GAUGE;
    private Direction direction = Direction.HIGHER;
    private double minimumDelta = 0;
    private double guardrailAbove = Double.NaN;
    private double guardrailBelow = Double.NaN;
    private boolean nonNegative;
    private boolean badNeverNormal;
    private int warmUp = 30;
    private int window = 240;
    private double threshold = 4.0;
    private int resolveAfter = 3;
    private LevelMethod levelMethod = LevelMethod.MEDIAN;
    private double ewmaAlpha = 0.02;
    private boolean seasonal = true;
    private int seasonMinSamples = 30;
    private int seasonMemory = 360;
    private ZoneId seasonZone = ZoneOffset.UTC;
    private boolean changePoint = true;
    private double cusumDrift = 1.0;
    private double cusumLimit = 8.0;
    private int adoptAfter = 60;
    private int rateWindow = 64;
    private int rateMemory = 2000;
    private int fireAfter = 3;
    private int fireWindow = 5;

    private DetectorSettings() {
    }

    private DetectorSettings copy() {
        DetectorSettings s = new DetectorSettings();
        s.kind = kind;
        s.direction = direction;
        s.minimumDelta = minimumDelta;
        s.guardrailAbove = guardrailAbove;
        s.guardrailBelow = guardrailBelow;
        s.nonNegative = nonNegative;
        s.badNeverNormal = badNeverNormal;
        s.warmUp = warmUp;
        s.window = window;
        s.threshold = threshold;
        s.resolveAfter = resolveAfter;
        s.levelMethod = levelMethod;
        s.ewmaAlpha = ewmaAlpha;
        s.seasonal = seasonal;
        s.seasonMinSamples = seasonMinSamples;
        s.seasonMemory = seasonMemory;
        s.seasonZone = seasonZone;
        s.changePoint = changePoint;
        s.cusumDrift = cusumDrift;
        s.cusumLimit = cusumLimit;
        s.adoptAfter = adoptAfter;
        s.rateWindow = rateWindow;
        s.rateMemory = rateMemory;
        s.fireAfter = fireAfter;
        s.fireWindow = fireWindow;
        return s;
    }

    /** @return the default settings */
    public static DetectorSettings defaults() {
        return DEFAULTS;
    }

    /**
     * @param value how values are modelled
     * @return a copy with it set
     */
    public DetectorSettings kind(SeriesKind value) {
        Objects.requireNonNull(value, "kind");
        DetectorSettings s = copy();
        s.kind = value;
        return s;
    }

    /**
     * @param value which deviation is bad (key {@code worse-when})
     * @return a copy with it set
     */
    public DetectorSettings direction(Direction value) {
        Objects.requireNonNull(value, "worse-when");
        DetectorSettings s = copy();
        s.direction = value;
        return s;
    }

    /**
     * @param value smallest deviation from the expected value worth firing, in the series' unit (key {@code minimum-
     *     delta})
     * @return a copy with it set
     */
    public DetectorSettings minimumDelta(double value) {
        require(value >= 0 && Double.isFinite(value), "minimum-delta", "a finite number >= 0", value);
        DetectorSettings s = copy();
        s.minimumDelta = value;
        return s;
    }

    /**
     * @param value static upper limit, NaN for none (key {@code guardrail.above})
     * @return a copy with it set
     */
    public DetectorSettings guardrailAbove(double value) {
        require(!Double.isInfinite(value), "guardrail.above", "a finite number", value);
        DetectorSettings s = copy();
        s.guardrailAbove = value;
        return s;
    }

    /**
     * @param value static lower limit, NaN for none (key {@code guardrail.below})
     * @return a copy with it set
     */
    public DetectorSettings guardrailBelow(double value) {
        require(!Double.isInfinite(value), "guardrail.below", "a finite number", value);
        DetectorSettings s = copy();
        s.guardrailBelow = value;
        return s;
    }

    /**
     * Whether the measured quantity can never be negative (a duration, a count, a size): the expected
     * value and the usual band are then never below zero. Declared by the check, not configured.
     *
     * @param value true for a quantity that cannot be negative
     * @return a copy with it set
     */
    public DetectorSettings nonNegative(boolean value) {
        DetectorSettings s = copy();
        s.nonNegative = value;
        return s;
    }

    /**
     * Whether the series' bad state must never be learned as normal (a lag, a backlog, blocked
     * sessions): values worse than usual are not learned while they are anomalous or the series
     * fires, and a shift in the worse direction is never adopted, so a stuck consumer keeps its
     * signal open until the value recovers. Declared by the check, not configured.
     *
     * @param value true for a check whose bad state is never normal
     * @return a copy with it set
     */
    public DetectorSettings badNeverNormal(boolean value) {
        DetectorSettings s = copy();
        s.badNeverNormal = value;
        return s;
    }

    /**
     * @param value observations before the series leaves LEARNING (key {@code warm-up})
     * @return a copy with it set
     */
    public DetectorSettings warmUp(int value) {
        require(value >= 1 && value <= 100_000, "warm-up", "an integer between 1 and 100000", value);
        DetectorSettings s = copy();
        s.warmUp = value;
        return s;
    }

    /**
     * @param value observations kept for the rolling level and spread (key {@code window})
     * @return a copy with it set
     */
    public DetectorSettings window(int value) {
        require(value >= 16 && value <= 512, "window", "an integer between 16 and 512", value);
        DetectorSettings s = copy();
        s.window = value;
        return s;
    }

    /**
     * @param value robust standard deviations beyond which a value is anomalous (key {@code threshold})
     * @return a copy with it set
     */
    public DetectorSettings threshold(double value) {
        require(value > 0 && Double.isFinite(value), "threshold", "a finite number > 0", value);
        DetectorSettings s = copy();
        s.threshold = value;
        return s;
    }

    /**
     * @param value good observations in a row needed to resolve (key {@code resolve-after})
     * @return a copy with it set
     */
    public DetectorSettings resolveAfter(int value) {
        require(value >= 1 && value <= 1000, "resolve-after", "an integer between 1 and 1000", value);
        DetectorSettings s = copy();
        s.resolveAfter = value;
        return s;
    }

    /**
     * @param value how a gauge's level and spread are estimated (key {@code level.method})
     * @return a copy with it set
     */
    public DetectorSettings levelMethod(LevelMethod value) {
        Objects.requireNonNull(value, "level.method");
        DetectorSettings s = copy();
        s.levelMethod = value;
        return s;
    }

    /**
     * @param value smoothing factor of the EWMA level method (key {@code ewma.alpha})
     * @return a copy with it set
     */
    public DetectorSettings ewmaAlpha(double value) {
        require(value > 0 && value <= 0.5, "ewma.alpha", "a number in (0, 0.5]", value);
        DetectorSettings s = copy();
        s.ewmaAlpha = value;
        return s;
    }

    /**
     * @param value whether gauges learn an hour-of-day and weekday profile (key {@code season.enabled})
     * @return a copy with it set
     */
    public DetectorSettings seasonal(boolean value) {
        DetectorSettings s = copy();
        s.seasonal = value;
        return s;
    }

    /**
     * @param value observations a season bucket needs before it is trusted fully; thinner buckets are blended with the
     *     coarser profile and the global level (key {@code season.min-samples})
     * @return a copy with it set
     */
    public DetectorSettings seasonMinSamples(int value) {
        require(value >= 1 && value <= 10_000, "season.min-samples", "an integer between 1 and 10000", value);
        DetectorSettings s = copy();
        s.seasonMinSamples = value;
        return s;
    }

    /**
     * @param value observations a season bucket averages over (its update weight is 1/min(count, memory)) (key {@code
     *     season.memory})
     * @return a copy with it set
     */
    public DetectorSettings seasonMemory(int value) {
        require(value >= 8 && value <= 30_000, "season.memory", "an integer between 8 and 30000", value);
        DetectorSettings s = copy();
        s.seasonMemory = value;
        return s;
    }

    /**
     * @param value time zone whose hours and weekdays the season buckets follow (key {@code season.zone})
     * @return a copy with it set
     */
    public DetectorSettings seasonZone(ZoneId value) {
        Objects.requireNonNull(value, "season.zone");
        DetectorSettings s = copy();
        s.seasonZone = value;
        return s;
    }

    /**
     * @param value whether CUSUM change-point detection judges sustained small shifts (key {@code cusum.enabled})
     * @return a copy with it set
     */
    public DetectorSettings changePoint(boolean value) {
        DetectorSettings s = copy();
        s.changePoint = value;
        return s;
    }

    /**
     * @param value CUSUM allowance k in robust standard deviations: shifts smaller than this are ignored (key {@code
     *     cusum.drift})
     * @return a copy with it set
     */
    public DetectorSettings cusumDrift(double value) {
        require(value > 0 && value <= 10, "cusum.drift", "a number in (0, 10]", value);
        DetectorSettings s = copy();
        s.cusumDrift = value;
        return s;
    }

    /**
     * @param value CUSUM decision limit h in robust standard deviations (key {@code cusum.limit})
     * @return a copy with it set
     */
    public DetectorSettings cusumLimit(double value) {
        require(value > 0 && value <= 100, "cusum.limit", "a number in (0, 100]", value);
        DetectorSettings s = copy();
        s.cusumLimit = value;
        return s;
    }

    /**
     * @param value observations a confirmed shift must persist (firing, or quietly in the harmless direction) before
     *     it becomes the new normal; 0 never adopts (key {@code shift.adopt-after})
     * @return a copy with it set
     */
    public DetectorSettings adoptAfter(int value) {
        require(value >= 0 && value <= 100_000, "shift.adopt-after", "an integer between 0 and 100000", value);
        DetectorSettings s = copy();
        s.adoptAfter = value;
        return s;
    }

    /**
     * @param value observations the recent failure rate of a ratio series is taken over (key {@code rate.window})
     * @return a copy with it set
     */
    public DetectorSettings rateWindow(int value) {
        require(value >= 2 && value <= 10_000, "rate.window", "an integer between 2 and 10000", value);
        DetectorSettings s = copy();
        s.rateWindow = value;
        return s;
    }

    /**
     * @param value observations the usual failure rate of a ratio series is learned over (key {@code rate.memory})
     * @return a copy with it set
     */
    public DetectorSettings rateMemory(int value) {
        require(value >= 10 && value <= 1_000_000, "rate.memory", "an integer between 10 and 1000000", value);
        DetectorSettings s = copy();
        s.rateMemory = value;
        return s;
    }

    /**
     * @param k bad observations needed to fire, {@code 1 <= k <= n} (key {@code fire.after})
     * @param n out of the last n, at most 32 (key {@code fire.of})
     * @return a copy with it set
     */
    public DetectorSettings fireWhen(int k, int n) {
        require(n >= 1 && n <= 32, "fire.of", "an integer between 1 and 32", n);
        require(k >= 1 && k <= n, "fire.after", "an integer between 1 and fire.of (" + n + ")", k);
        DetectorSettings s = copy();
        s.fireAfter = k;
        s.fireWindow = n;
        return s;
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

    /** @return smallest deviation from the expected value worth firing, in the series' unit */
    public double minimumDelta() {
        return minimumDelta;
    }

    /** @return static upper limit, NaN for none */
    public double guardrailAbove() {
        return guardrailAbove;
    }

    /** @return static lower limit, NaN for none */
    public double guardrailBelow() {
        return guardrailBelow;
    }

    /** @return whether the quantity cannot be negative, so its expectation and band stay at or above zero */
    public boolean nonNegative() {
        return nonNegative;
    }

    /** @return whether values worse than usual are never learned while bad, and such a shift never adopted */
    public boolean badNeverNormal() {
        return badNeverNormal;
    }

    /** @return observations before the series leaves LEARNING */
    public int warmUp() {
        return warmUp;
    }

    /** @return observations kept for the rolling level and spread */
    public int window() {
        return window;
    }

    /** @return robust standard deviations beyond which a value is anomalous */
    public double threshold() {
        return threshold;
    }

    /** @return good observations in a row needed to resolve */
    public int resolveAfter() {
        return resolveAfter;
    }

    /** @return how a gauge's level and spread are estimated */
    public LevelMethod levelMethod() {
        return levelMethod;
    }

    /** @return smoothing factor of the EWMA level method */
    public double ewmaAlpha() {
        return ewmaAlpha;
    }

    /** @return whether gauges learn an hour-of-day and weekday profile */
    public boolean seasonal() {
        return seasonal;
    }

    /**
     * @return observations a season bucket needs before it is trusted fully; thinner buckets are blended with the
     * coarser profile and the global level
     */
    public int seasonMinSamples() {
        return seasonMinSamples;
    }

    /** @return observations a season bucket averages over (its update weight is 1/min(count, memory)) */
    public int seasonMemory() {
        return seasonMemory;
    }

    /** @return time zone whose hours and weekdays the season buckets follow */
    public ZoneId seasonZone() {
        return seasonZone;
    }

    /** @return whether CUSUM change-point detection judges sustained small shifts */
    public boolean changePoint() {
        return changePoint;
    }

    /** @return CUSUM allowance k in robust standard deviations: shifts smaller than this are ignored */
    public double cusumDrift() {
        return cusumDrift;
    }

    /** @return CUSUM decision limit h in robust standard deviations */
    public double cusumLimit() {
        return cusumLimit;
    }

    /**
     * @return observations a confirmed shift must persist (firing, or quietly in the harmless direction) before it
     * becomes the new normal; 0 never adopts
     */
    public int adoptAfter() {
        return adoptAfter;
    }

    /** @return observations the recent failure rate of a ratio series is taken over */
    public int rateWindow() {
        return rateWindow;
    }

    /** @return observations the usual failure rate of a ratio series is learned over */
    public int rateMemory() {
        return rateMemory;
    }

    /** @return bad observations needed to fire */
    public int fireAfter() {
        return fireAfter;
    }

    /** @return the window the fire count is taken over */
    public int fireWindow() {
        return fireWindow;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DetectorSettings)) {
            return false;
        }
        DetectorSettings s = (DetectorSettings) o;
        return kind == s.kind
                && direction == s.direction
                && Double.compare(minimumDelta, s.minimumDelta) == 0
                && Double.compare(guardrailAbove, s.guardrailAbove) == 0
                && Double.compare(guardrailBelow, s.guardrailBelow) == 0
                && nonNegative == s.nonNegative
                && badNeverNormal == s.badNeverNormal
                && warmUp == s.warmUp
                && window == s.window
                && Double.compare(threshold, s.threshold) == 0
                && resolveAfter == s.resolveAfter
                && levelMethod == s.levelMethod
                && Double.compare(ewmaAlpha, s.ewmaAlpha) == 0
                && seasonal == s.seasonal
                && seasonMinSamples == s.seasonMinSamples
                && seasonMemory == s.seasonMemory
                && seasonZone.equals(s.seasonZone)
                && changePoint == s.changePoint
                && Double.compare(cusumDrift, s.cusumDrift) == 0
                && Double.compare(cusumLimit, s.cusumLimit) == 0
                && adoptAfter == s.adoptAfter
                && rateWindow == s.rateWindow
                && rateMemory == s.rateMemory
                && fireAfter == s.fireAfter
                && fireWindow == s.fireWindow;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, direction, minimumDelta, guardrailAbove, guardrailBelow, nonNegative, badNeverNormal, warmUp, window,
                threshold, resolveAfter, levelMethod, ewmaAlpha, seasonal, seasonMinSamples, seasonMemory, seasonZone,
                changePoint, cusumDrift, cusumLimit, adoptAfter, rateWindow, rateMemory, fireAfter, fireWindow);
    }

    @Override
    public String toString() {
        return "DetectorSettings{" + "kind=" + kind + ", "
                + "direction=" + direction + ", "
                + "minimumDelta=" + minimumDelta + ", "
                + "guardrailAbove=" + guardrailAbove + ", "
                + "guardrailBelow=" + guardrailBelow + ", "
                + "nonNegative=" + nonNegative + ", "
                + "badNeverNormal=" + badNeverNormal + ", "
                + "warmUp=" + warmUp + ", "
                + "window=" + window + ", "
                + "threshold=" + threshold + ", "
                + "resolveAfter=" + resolveAfter + ", "
                + "levelMethod=" + levelMethod + ", "
                + "ewmaAlpha=" + ewmaAlpha + ", "
                + "seasonal=" + seasonal + ", "
                + "seasonMinSamples=" + seasonMinSamples + ", "
                + "seasonMemory=" + seasonMemory + ", "
                + "seasonZone=" + seasonZone + ", "
                + "changePoint=" + changePoint + ", "
                + "cusumDrift=" + cusumDrift + ", "
                + "cusumLimit=" + cusumLimit + ", "
                + "adoptAfter=" + adoptAfter + ", "
                + "rateWindow=" + rateWindow + ", "
                + "rateMemory=" + rateMemory + ", "
                + "fireAfter=" + fireAfter + ", "
                + "fireWindow=" + fireWindow + "}";
    }
}
