package io.watchtower.baseline;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The baseline, detector and hysteresis of one series. Feed it observations in time order; each
 * returns a {@link Verdict}. Not thread-safe. Deterministic: the same settings and the same
 * observations give the same verdicts, also across {@link #snapshot()} and {@link #restore}.
 *
 * <p><b>Gauges.</b> The expected value is {@code level + seasonal offset}. The level is the
 * rolling median of the last {@link DetectorSettings#window()} deseasonalised values (or their
 * EWMA, see {@link LevelMethod}); the seasonal offset and spread come from a
 * {@link DetectorSettings#seasonal() weekday × hour profile}, blended with an hour-of-day profile
 * and the global spread while its buckets are thin. The spread σ is the larger of 1.4826 × MAD
 * and half the EWMA standard deviation, never below 0.1 % of the expected value. A value is
 * anomalous when, in the bad {@link DetectorSettings#direction() direction}, it is at least
 * {@link DetectorSettings#threshold()} σ and {@link DetectorSettings#minimumDelta()} away from the
 * expected value, when CUSUM over the standardised residuals signals a sustained shift (the eight
 * newest readings' median two allowances from the level) whose size is at least the minimum delta,
 * or when a series whose readings rarely repeat repeats one 16 times in a row (a frozen reading).
 * A page starts on a point anomaly only when the reading's score is also improbable for this series
 * ({@link ScoreLikelihood}: beyond the 99.9th percentile of its own scores on that side, once a day of them
 * has been learned); a series whose bursts cross the line as a rule needs the same of a CUSUM shift.
 * Every value is learned clipped to the band, so one absurd
 * value cannot drag the baseline. A shift that persists for
 * {@link DetectorSettings#adoptAfter()} observations after it fired (or quietly, in the harmless
 * direction) is adopted: the level is moved to the recent median and the spread widened to the
 * recent spread, and the series resolves.
 *
 * <p><b>Ratios</b> are judged by {@link RateModel}; a worse failure rate is never adopted as
 * normal, it keeps its one signal open until the rate recovers. <b>States</b> by change against the
 * long-stable value. Non-finite values, zero attempts, and timestamps not after the previous
 * observation are gaps: they are answered with the current baseline and change nothing.
 */
public final class SeriesDetector {

    /** Format version written by {@link #snapshot()}. */
    public static final int FORMAT_VERSION = 9;

    private static final int MAGIC = 0x57544231; // "WTB1"
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final int RECENT = 32;
    private static final int MIN_WINDOW_FOR_CLIPPING = 8;
    private static final float VALUE_LIMIT = Float.MAX_VALUE / 4;
    private static final int RATIO_PARTIAL_ATTEMPTS = 500;
    private static final double RATE_LEARN_LIMIT = 0.5;
    private static final double SLOT_SPREAD_SHARE = 0.5;
    private static final long WEEK_MILLIS = 7 * 86_400_000L;
    /** This many identical values in a row are a stuck value: never adopted as a new normal while firing. */
    private static final int STUCK_RUN = 16;
    /** A CUSUM alarm is a shift when the median of this many newest readings moved from the level... */
    private static final int SHIFT_READINGS = 8;
    /** ...by at least this many CUSUM allowances. */
    private static final double SHIFT_ALLOWANCES = 2.0;
    /** Below this share of readings equal to the one before, a series' readings always move. */
    private static final double MOVING = 0.1;
    /** Observations the share of repeated readings averages over, at most. */
    private static final int REPEAT_MEMORY = 2048;
    /** Time constant of the residual scale: half a day. */
    private static final double RESIDUAL_MILLIS = 43_200_000.0;

    private final DetectorSettings settings;
    private final boolean median;
    private final SortedWindow window;
    private final EwmaLevel ewma;
    private final Seasonality season;
    private final ResidualTail tail = new ResidualTail();
    private final PageBudget budget = new PageBudget();
    private final ScoreLikelihood likelihood = new ScoreLikelihood();
    private final FeedbackTuning tuning;
    private final ChangeDetector cusum;
    private final RecentValues recent;
    private final RateModel rate;
    private final Hysteresis hysteresis;
    private final StateTracker stateTracker;
    private long samples;
    private long lastAt = Long.MIN_VALUE;
    private long firstAt = Long.MIN_VALUE;
    private double residualScale = Double.NaN;
    private double lastValue = Double.NaN;
    private int sameRun;
    /** The usual share of readings equal to the one before, NaN until one has been learned. */
    private double repeatShare = Double.NaN;
    private long repeatSamples;
    /**
     * Repeated readings of the current run that were not learned into the share because the series fired;
     * learned when a run of at least {@link #STUCK_RUN} ends by itself.
     */
    private long unlearnedRepeats;
    private long residualSamples;
    private int shiftAge;
    private double lastCounter = Double.NaN;
    private long lastCounterAt = Long.MIN_VALUE;

    /** @param settings how the series is judged */
    public SeriesDetector(DetectorSettings settings) {
        this.settings = settings;
        this.median = settings.levelMethod() == LevelMethod.MEDIAN;
        boolean gauge = settings.kind() == SeriesKind.GAUGE;
        this.window = new SortedWindow(gauge && median ? settings.window() : MIN_WINDOW_FOR_CLIPPING);
        this.ewma = new EwmaLevel(settings.ewmaAlpha());
        this.season = gauge && settings.seasonal() ? new Seasonality(settings.seasonZone()) : null;
        this.cusum = new ChangeDetector(settings.cusumDrift(), settings.cusumLimit(), settings.threshold());
        this.recent = new RecentValues(RECENT);
        this.rate = new RateModel(settings.rateWindow(), settings.rateMemory());
        this.hysteresis = new Hysteresis(settings.fireAfter(), settings.fireWindow(), settings.resolveAfter());
        this.stateTracker = new StateTracker(settings.warmUp());
        this.tuning = new FeedbackTuning(settings.seasonZone());
    }

    /** @return the settings this detector judges with */
    public DetectorSettings settings() {
        return settings;
    }

    /**
     * @return the name of the models judging this series, for a signal's {@code baseline.method}:
     *     {@code rolling-median-mad+season+cusum} with the default settings, {@code ewma} when
     *     that level method is chosen without season and CUSUM, {@code poisson-rate} for ratios,
     *     {@code stable-state} for states
     */
    public String method() {
        switch (settings.kind()) {
            case STATE:
                return "stable-state";
            case RATIO:
                return "poisson-rate";
            default:
                return (median ? "rolling-median-mad" : "ewma") + seasonName() + "+learned-tail"
                        + "+score-likelihood" + (settings.changePoint() ? "+cusum" : "");
        }
    }

    private String seasonName() {
        if (season == null) {
            return "";
        }
        switch (season.chosen()) {
            case DAY:
                return "+daily-profile";
            case WEEK:
                return "+weekly-profile";
            default:
                return "+no-period";
        }
    }

    /** @return observations learned from */
    public long samples() {
        return samples;
    }

    /** @return epoch milliseconds of the first observation learned from (kept in the snapshot), or -1 before any */
    public long firstObservedAt() {
        return firstAt == Long.MIN_VALUE ? -1 : firstAt;
    }

    /** @return the confidence for the latest observation's time */
    public Confidence confidence() {
        return confidenceAt(lastAt);
    }

    /** @return whether the series is firing */
    public boolean firing() {
        return hysteresis.firing();
    }

    private Confidence confidenceAt(long at) {
        if (samples < settings.warmUp()) {
            return Confidence.LEARNING;
        }
        if (settings.kind() == SeriesKind.RATIO) {
            return rate.usualAttempts() < RATIO_PARTIAL_ATTEMPTS ? Confidence.PARTIAL : Confidence.READY;
        }
        if (season != null && (at == Long.MIN_VALUE || !season.settled(at) || at - firstAt < WEEK_MILLIS || season.weeklyPending(at, sigmaForSeason()))) {
            return Confidence.PARTIAL;
        }
        return Confidence.READY;
    }

    /**
     * Judges a numeric reading.
     *
     * @param at epoch milliseconds
     * @param value the reading; NaN or infinite is a gap
     * @return the verdict
     */
    public Verdict observe(long at, double value) {
        if (!Double.isFinite(value) || at <= lastAt) {
            return current(at, value);
        }
        double v = Math.max(-VALUE_LIMIT, Math.min(VALUE_LIMIT, value));
        if (firstAt == Long.MIN_VALUE) {
            firstAt = at;
        }
        if (v != lastValue) {
            if (sameRun >= STUCK_RUN && unlearnedRepeats > 0) {
                // a frozen stretch that ended by itself: this series' readings sit still at times
                learnRepeats(unlearnedRepeats);
            }
            unlearnedRepeats = 0;
        }
        sameRun = v == lastValue ? Math.min(sameRun + 1, STUCK_RUN) : 0;
        lastValue = v;
        Confidence confidence = confidenceAt(at);
        long previousAt = lastAt;
        lastAt = at;
        double level = level();
        double offset = season != null ? season.offset(at) : 0;
        boolean learned = !Double.isNaN(level);
        double expected = learned ? atLeastZero(level + offset) : v;
        double sigma = sigma(at, level, expected);
        double bar = bar(at);
        double residual = v - expected;
        // standardised against the series' own tail: the threshold sits at the learned bar
        double z = residual / sigma * (settings.threshold() / bar);
        boolean judging = confidence != Confidence.LEARNING;
        boolean ready = confidence == Confidence.READY;

        double score = score(directed(z), settings.threshold());
        double pointScore = score;
        double minimumDelta = minimumDelta(at);
        boolean anomalous = judging && directed(z) >= settings.threshold()
                && directed(residual) >= minimumDelta;
        boolean above = residual >= 0;
        // a page starts only on a reading improbable for this series: beyond its own usual scores on that side
        boolean ordinary = !hysteresis.firing() && !likelihood.improbable(pointScore, above);
        anomalous &= !ordinary;
        // a series whose readings always move, repeating one value exactly: a frozen sensor or collector
        anomalous |= judging && stuck() && repeatShare < MOVING;
        recent.add(v - offset);
        boolean changeWatch = ready && settings.changePoint();
        if (changeWatch) {
            cusum.update(z);
            double drift = directedCusum();
            if (drift >= 1) {
                // a sustained shift moves the newest readings' median from the level by well over the CUSUM's
                // allowance; readings that merely lean one way for hours (a drift, a shape not quite learned) do not
                double shift = directed(recent.medianOfNewest(SHIFT_READINGS) - level);
                // ...unless this series' bursts cross its line as a rule and this reading is no larger than they are
                anomalous |= shift > 0 && shift >= minimumDelta
                        && shift * settings.threshold() / bar >= SHIFT_ALLOWANCES * settings.cusumDrift() * sigma
                        && !(ordinary && likelihood.engaged(above));
            }
            score = Math.max(score, score(drift, 1));
        }
        Cause cause = breaches(value) ? Cause.THRESHOLD : anomalous ? Cause.ANOMALY : Cause.NONE;

        double accepted = v;
        if (window.size() >= MIN_WINDOW_FOR_CLIPPING || (!median && ewma.count() >= MIN_WINDOW_FOR_CLIPPING)) {
            double edge = bar * sigma;
            accepted = Math.max(expected - edge, Math.min(expected + edge, v));
        }
        // a check whose bad state must never become normal learns nothing worse than usual while it is bad;
        // neither does any series from a value stuck where it fired
        boolean held = (settings.badNeverNormal() && learned && directed(residual) > 0
                && (anomalous || accepted != v || hysteresis.firing()))
                || (stuck() && hysteresis.firing());
        if (season != null && previousAt != Long.MIN_VALUE && season.settled(at) && !season.settled(previousAt)) {
            // the residuals so far came from a model still learning its shape: the tail starts again
            tail.restart();
        }
        if (sameRun > 0 && (held || hysteresis.firing())) {
            unlearnedRepeats++;
        }
        if (judging && !hysteresis.firing()) {
            likelihood.learn(at, pointScore, above);
        }
        if (!held) {
            if (!hysteresis.firing()) {
                learnRepeat(sameRun > 0);
                // an episode is not the series' usual error: neither its size nor its tail is learned
                if (judging) {
                    tail.add(Math.abs(residual) / sigma);
                }
                learnResidual(Math.min(Math.abs(residual), bar * sigma), at - previousAt);
            }
            learn(at, v, accepted, offset, sigma, accepted != v);
        }
        samples++;
        Transition transition = hysteresis.step(at, cause);
        if (transition == Transition.FIRED) {
            budget.paged(at);
            likelihood.paged(at, above);
            tuning.paged(hysteresis.since());
        }
        adoptIfShifted(judging, changeWatch);
        double halfBand = halfBand(sigma, bar, at);
        if (!learned) {
            // the first observation has nothing to be compared with: no expectation is invented
            expected = Double.NaN;
        }
        return new Verdict(at, value, expected, lowerEdge(expected, halfBand), expected + halfBand, score, confidence,
                samples, cause, hysteresis.firing(), hysteresis.flapping(), transition, hysteresis.since(),
                hysteresis.firingCause(), season != null ? season.label(at) : "global", null, null, -1);
    }

    /**
     * @return whether the last {@link #STUCK_RUN} values were identical, once the season has settled
     *     (before that, a constant stretch of a pattern not yet learned is not a fault)
     */
    private boolean stuck() {
        return sameRun >= STUCK_RUN && (season == null || season.settled(lastAt));
    }

    /** Learns whether a reading equal to the one before is usual for this series. */
    private void learnRepeat(boolean repeated) {
        repeatSamples++;
        double x = repeated ? 1 : 0;
        repeatShare = Double.isNaN(repeatShare) ? x
                : repeatShare + (x - repeatShare) / Math.min(repeatSamples, REPEAT_MEMORY);
    }

    /**
     * Learns {@code n} repeated readings at once: those of a frozen stretch that fired and then ended by
     * itself. A series that sits still now and then (a sensor flat every night, a rate at exactly 0 every
     * weekend) thus pages at its first flat stretches only, while one frozen stretch keeps firing for as long
     * as it lasts (nothing is learned until it ends).
     */
    private void learnRepeats(long n) {
        long left = n;
        while (left > 0 && (Double.isNaN(repeatShare) || repeatSamples < REPEAT_MEMORY)) {
            learnRepeat(true);
            left--;
        }
        if (left > 0) {
            repeatShare = 1 - (1 - repeatShare) * StrictMath.pow(1 - 1.0 / REPEAT_MEMORY, left);
            repeatSamples += left;
        }
    }

    /** @return the spread the season's structure is compared with: the typical size of prediction errors */
    private double sigmaForSeason() {
        return Double.isNaN(residualScale) ? 0 : PeriodicProfile.MEAN_ABS_TO_SIGMA * residualScale;
    }

    /** Learns the size of one prediction error into the residual scale (half a day, at most a window's worth). */
    private void learnResidual(double error, long elapsed) {
        if (!Double.isFinite(error)) {
            return;
        }
        residualSamples++;
        if (Double.isNaN(residualScale)) {
            residualScale = error;
            return;
        }
        // half a day, or the window's worth of observations when that is shorter (fast sampling)
        double a = Math.max(Math.max(1.0 / residualSamples, 1.0 / settings.window()),
                Math.min(1.0, elapsed / RESIDUAL_MILLIS));
        residualScale += a * (error - residualScale);
    }

    private void learn(long at, double value, double accepted, double offset, double sigma, boolean outsideBand) {
        if (season != null) {
            Seasonality.Period before = season.chosen();
            // until the season has settled, the band is no guide: the shape learns from what was seen
            season.learn(at, value, season.settled(at) ? accepted : value, sigma, outsideBand);
            if (before == Seasonality.Period.NONE && season.chosen() != before && window.size() > 0) {
                // the window holds raw values, whose median lags a swing: move it to the level the shape is relative to
                double delta = season.slowLevel() - level();
                if (Double.isFinite(delta)) {
                    window.shift(delta);
                    ewma.shift(delta);
                }
            }
        }
        double deseasonalised = accepted - offset;
        if (median) {
            window.add(deseasonalised);
            if (window.size() >= MIN_WINDOW_FOR_CLIPPING) {
                ewma.add(deseasonalised);
            }
        } else {
            ewma.add(deseasonalised);
        }
    }

    /**
     * Adopts a confirmed shift: after {@code adoptAfter} observations of firing on anomalies, or of
     * a CUSUM alarm that does not fire (harmless direction, below the minimum delta). A check whose
     * bad state is never normal never adopts a shift in its worse direction.
     */
    private boolean adoptIfShifted(boolean judging, boolean changeWatch) {
        boolean shifted = judging && ((hysteresis.firing() && hysteresis.firingCause() == Cause.ANOMALY)
                || (changeWatch && cusum.alarm()));
        shiftAge = shifted ? shiftAge + 1 : 0;
        if (settings.adoptAfter() == 0 || shiftAge < settings.adoptAfter() || recent.size() < RECENT / 2) {
            return false;
        }
        double level = level();
        double delta = recent.median() - level;
        if ((settings.badNeverNormal() && directed(delta) > 0) || stuck()) {
            // a worse state declared never normal, or a value stuck where it fired, is not a new normal
            shiftAge = 0;
            return false;
        }
        shiftAge = 0;
        cusum.reset();
        double before = robustSigma();
        double after = MAD_TO_SIGMA * recent.mad();
        if (after > 1.5 * before) {
            // the spread changed too: the recent values are the new normal
            float[] values = recent.values();
            window.clear();
            ewma.reset();
            for (float value : values) {
                if (median) {
                    window.add(value);
                }
                ewma.add(value);
            }
            residualScale = Math.max(residualScale, after / PeriodicProfile.MEAN_ABS_TO_SIGMA);
        } else {
            if (median) {
                window.shift(delta);
            }
            ewma.shift(delta);
        }
        if (season != null && season.settled(lastAt)) {
            // before the season has settled its reference is a plain mean of what was seen, and a "shift" may
            // be the first sight of the daily swing: the reference catches up by itself within a day
            season.shiftLevel(delta);
        }
        return true;
    }

    /**
     * Judges a cumulative counter: the rate per second since the previous reading is judged as a
     * gauge. A counter that goes down was reset: that reading is a gap and the next one starts
     * from it.
     *
     * @param at epoch milliseconds
     * @param total the counter's value
     * @return the verdict on the rate
     */
    public Verdict observeCounter(long at, double total) {
        return observeChange(at, total, true);
    }

    /**
     * Judges a level that rises and falls (a queue's length) by its change: the change per second
     * since the previous reading, negative while the level falls, is judged as a gauge.
     *
     * @param at epoch milliseconds
     * @param level the level's value
     * @return the verdict on the change per second
     */
    public Verdict observeLevelChange(long at, double level) {
        return observeChange(at, level, false);
    }

    private Verdict observeChange(long at, double total, boolean downIsReset) {
        if (!Double.isFinite(total) || at <= lastCounterAt) {
            return current(at, Double.NaN);
        }
        double previous = lastCounter;
        long previousAt = lastCounterAt;
        lastCounter = total;
        lastCounterAt = at;
        if (Double.isNaN(previous) || (downIsReset && total < previous)) {
            return current(at, Double.NaN);
        }
        return observe(at, (total - previous) * 1000.0 / (at - previousAt));
    }

    /**
     * Judges failures out of attempts.
     *
     * @param at epoch milliseconds
     * @param failures failed attempts
     * @param attempts attempts; zero is a gap
     * @return the verdict
     */
    public Verdict observeRatio(long at, long failures, long attempts) {
        if (attempts <= 0 || failures < 0 || failures > attempts || at <= lastAt) {
            return currentRatio(at, attempts > 0 ? (double) failures / attempts : Double.NaN);
        }
        double value = (double) failures / attempts;
        Confidence confidence = confidenceAt(at);
        lastAt = at;
        double usual = rate.usual();
        rate.observe(failures, attempts);
        double z;
        double delta;
        switch (settings.direction()) {
            case HIGHER:
                z = rate.zAbove();
                delta = rate.recent() - usual;
                break;
            case LOWER:
                z = rate.zBelow();
                delta = usual - rate.recent();
                break;
            default:
                double above = rate.zAbove();
                double below = rate.zBelow();
                z = Math.max(above, below);
                delta = Math.abs(rate.recent() - usual);
                break;
        }
        boolean anomalous = confidence != Confidence.LEARNING && z >= settings.threshold() * tuning.bandFactor(at)
                && delta >= minimumDelta(at);
        Cause cause = breaches(value) ? Cause.THRESHOLD : anomalous ? Cause.ANOMALY : Cause.NONE;
        long[] due = rate.hold(failures, attempts);
        if (due != null && z < RATE_LEARN_LIMIT * settings.threshold()) {
            // learned with hindsight, and not while the recent rate is suspicious, so an episode
            // cannot teach itself normal
            rate.learn(due[0], due[1]);
        }
        samples++;
        Transition transition = hysteresis.step(at, cause);
        if (transition == Transition.FIRED) {
            tuning.paged(hysteresis.since());
        }
        return ratioVerdict(at, value, score(z, settings.threshold()), confidence, cause, transition);
    }

    private Verdict ratioVerdict(long at, double value, double score, Confidence confidence, Cause cause,
                                 Transition transition) {
        if (!(rate.usualAttempts() > 0)) {
            // nothing learned yet (every observation so far was held back or suspicious): the usual
            // rate is only the model's prior, which is not shown as if it were what is usual
            return new Verdict(at, value, Double.NaN, Double.NaN, Double.NaN, score, confidence, samples, cause,
                    hysteresis.firing(), hysteresis.flapping(), transition, hysteresis.since(),
                    hysteresis.firingCause(), "global", null, null, -1);
        }
        double usual = rate.usual();
        double attempts = Math.max(1, rate.recentAttempts());
        double halfBand = Math.max(settings.threshold() * Math.sqrt(usual * (1 - usual) / attempts),
                settings.minimumDelta());
        return new Verdict(at, value, usual, Math.max(0, usual - halfBand), Math.min(1, usual + halfBand), score,
                confidence, samples, cause, hysteresis.firing(), hysteresis.flapping(), transition,
                hysteresis.since(), hysteresis.firingCause(), "global", null, null, -1);
    }

    private Verdict currentRatio(long at, double value) {
        return ratioVerdict(at, value, 0, confidence(), Cause.NONE, Transition.NONE);
    }

    /**
     * Judges a categorical value against the long-stable one.
     *
     * @param at epoch milliseconds
     * @param state the value
     * @return the verdict
     */
    public Verdict observeState(long at, String state) {
        if (state == null || at <= lastAt) {
            return current(at, Double.NaN);
        }
        lastAt = at;
        String stableBefore = stateTracker.stable();
        long stableSinceBefore = stateTracker.stableSince();
        boolean changed = stateTracker.observe(at, state);
        Confidence confidence = samples >= settings.warmUp() ? Confidence.READY : Confidence.LEARNING;
        samples++;
        Cause cause = changed && confidence == Confidence.READY ? Cause.CHANGE : Cause.NONE;
        Transition transition = hysteresis.step(at, cause);
        boolean adopted = stableBefore != null && !stableBefore.equals(stateTracker.stable());
        String stable = adopted || stableBefore == null ? stateTracker.stable() : stableBefore;
        long stableSince = adopted || stableBefore == null ? stateTracker.stableSince() : stableSinceBefore;
        if (adopted && hysteresis.firing()) {
            hysteresis.restoreFiring(-1, Cause.NONE);
            transition = Transition.RESOLVED;
        }
        return new Verdict(at, Double.NaN, Double.NaN, Double.NaN, Double.NaN, cause == Cause.CHANGE ? 1.0 : 0.0,
                confidence, samples, cause, hysteresis.firing(), hysteresis.flapping(), transition,
                hysteresis.since(), hysteresis.firingCause(), "global", state,
                adopted ? stableBefore : stable, adopted ? stableSinceBefore : stableSince);
    }

    /**
     * Applies an answer to one of this series' pages (see {@link FeedbackTuning}: {@code noise} widens
     * the band for the page's recurring time or the whole series, {@code expected} makes an event of
     * the page's size normal at that time of day or week, {@code useful} keeps the band from widening
     * automatically). Each adjustment is bounded, expires unless repeated, and is kept in the snapshot.
     *
     * @param feedback the answer
     * @return the adjustment it made or strengthened
     * @throws IllegalArgumentException for a state series, which fires on a change, not against a band
     */
    public Adjustment feedback(Feedback feedback) {
        return feedback(feedback, null);
    }

    /**
     * Applies a recorded answer, as {@link #feedback(Feedback)}, and remembers its id in the state (and
     * so in the snapshot), so that {@link #reflects} knows it from then on.
     *
     * @param feedback the answer
     * @param id its id in the daemon's feedback record, or null when it is not recorded
     * @return the adjustment it made or strengthened
     * @throws IllegalArgumentException for a state series, which fires on a change, not against a band
     */
    public Adjustment feedback(Feedback feedback, String id) {
        checkNumeric();
        double excursion = directed(feedback.observed() - feedback.expected());
        return tuning.apply(feedback, excursion, automaticBar(feedback.at()), id);
    }

    /**
     * What an answer would make, without changing this series: the adjustment {@link #feedback} would
     * return now.
     *
     * @param feedback the answer
     * @return the adjustment it would make or strengthen
     * @throws IllegalArgumentException for a state series
     */
    public Adjustment previewFeedback(Feedback feedback) {
        checkNumeric();
        double excursion = directed(feedback.observed() - feedback.expected());
        return tuning.copy().apply(feedback, excursion, automaticBar(feedback.at()));
    }

    /**
     * Whether a recorded answer is already reflected in this series: it was applied since the snapshot
     * format kept answer ids (7), or it was given no later than what an older snapshot had seen (the
     * series' last observation or answer when a format 6 snapshot was written).
     *
     * @param id the answer's id in the daemon's feedback record
     * @param at when it was given, epoch ms
     * @return whether applying it again would count it twice
     */
    public boolean reflects(String id, long at) {
        return tuning.reflects(id, at);
    }

    /**
     * Records that the answered page began at {@code pageAt} (a page the series fired after its last
     * snapshot is not among its page times when an answer is applied again after a restart).
     *
     * @param pageAt epoch ms the answered firing began
     */
    public void pagedAt(long pageAt) {
        tuning.paged(pageAt);
    }

    private void checkNumeric() {
        if (settings.kind() == SeriesKind.STATE) {
            throw new IllegalArgumentException("feedback tunes numeric series; a state series fires on a change of its"
                    + " value, which no band widens");
        }
    }

    /**
     * @param at epoch milliseconds
     * @return the feedback adjustments in force at {@code at}, oldest first
     */
    public java.util.List<Adjustment> adjustments(long at) {
        return tuning.active(at);
    }

    /**
     * Reconciles the firing state with an external record, for example the signal journal after a
     * crash that happened between a journal write and a snapshot.
     *
     * @param since epoch milliseconds the firing started, or -1 when not firing
     * @param cause the cause it started with
     */
    public void restoreFiring(long since, Cause cause) {
        hysteresis.restoreFiring(since, cause);
    }

    private Verdict current(long at, double value) {
        if (settings.kind() == SeriesKind.RATIO) {
            return currentRatio(at, value);
        }
        if (settings.kind() == SeriesKind.STATE) {
            return new Verdict(at, value, Double.NaN, Double.NaN, Double.NaN, 0, confidence(), samples, Cause.NONE,
                    hysteresis.firing(), hysteresis.flapping(), Transition.NONE, hysteresis.since(),
                    hysteresis.firingCause(), "global", null, stateTracker.stable(), stateTracker.stableSince());
        }
        double level = level();
        double expected = atLeastZero(season != null && !Double.isNaN(level) ? level + season.offset(at) : level);
        double halfBand = halfBand(sigma(at, level, expected), bar(at), at);
        return new Verdict(at, value, expected, lowerEdge(expected, halfBand), expected + halfBand, 0, confidence(),
                samples, Cause.NONE, hysteresis.firing(), hysteresis.flapping(), Transition.NONE, hysteresis.since(),
                hysteresis.firingCause(), season != null ? season.label(at) : "global", null, null, -1);
    }

    private double level() {
        return median ? window.median() : ewma.mean();
    }

    /** @return the spread of the level window: 1.4826 × MAD, at least half the EWMA deviation */
    private double robustSigma() {
        double fromEwma = ewma.count() > 1 ? ewma.deviation() : 0;
        if (median) {
            double robust = window.size() > 0 ? MAD_TO_SIGMA * window.mad() : 0;
            return Math.max(robust, 0.5 * fromEwma);
        }
        return fromEwma;
    }

    /**
     * @return the spread σ a residual is measured in: the larger of the level window's robust spread
     *     and the typical size of this series' recent prediction errors, which also carries how well
     *     the seasonal shape fits; in a slot of the shape where values stray far more than elsewhere (an
     *     edge finer than the slot, a recurring burst), half that slot's spread when larger; never below
     *     0.1 % of the expected value
     */
    private double sigma(long at, double level, double expected) {
        double sigma = Math.max(robustSigma(), sigmaForSeason());
        if (season != null) {
            sigma = Math.max(sigma, SLOT_SPREAD_SHARE * season.spread(at));
        }
        return floor(sigma, expected);
    }

    /**
     * @return the bar in σ: the threshold, raised to the learned tail of residuals and by the page budget
     *     (together no further than a {@code useful} answer allows), and by {@code noise} answers
     */
    private double bar(long at) {
        return Math.min(automaticBar(at), tuning.barCap(at)) * tuning.bandFactor(at);
    }

    /** @return the bar as the series widened it by itself: the learned tail and the page budget */
    private double automaticBar(long at) {
        return tail.bar(settings.threshold()) * budget.factor(at);
    }

    private static double floor(double sigma, double expected) {
        double min = Math.max(1e-9, Double.isFinite(expected) ? Math.abs(expected) * 1e-3 : 0);
        return sigma > min ? sigma : min;
    }

    /** @return the value, or zero where a non-negative quantity's expectation would fall below zero */
    private double atLeastZero(double expected) {
        return settings.nonNegative() && expected < 0 ? 0 : expected;
    }

    /** @return the lower edge of the usual band, never below zero for a non-negative quantity */
    private double lowerEdge(double expected, double halfBand) {
        double lower = expected - halfBand;
        return settings.nonNegative() && lower < 0 ? 0 : lower;
    }

    private double halfBand(double sigma, double bar, long at) {
        return Math.max(bar * sigma, minimumDelta(at));
    }

    /** @return the smallest deviation worth firing at {@code at}: the setting, or an expected event's allowance */
    private double minimumDelta(long at) {
        return Math.max(settings.minimumDelta(), tuning.allowance(at));
    }

    private double directed(double delta) {
        switch (settings.direction()) {
            case HIGHER:
                return Math.max(0, delta);
            case LOWER:
                return Math.max(0, -delta);
            default:
                return Math.abs(delta);
        }
    }

    private double directedCusum() {
        switch (settings.direction()) {
            case HIGHER:
                return cusum.upward();
            case LOWER:
                return cusum.downward();
            default:
                return Math.max(cusum.upward(), cusum.downward());
        }
    }

    /** @return {@code x² / (x² + t²)}: 0 at 0, 0.5 at {@code t}, towards 1 beyond; monotone */
    private static double score(double x, double t) {
        if (!(x > 0)) {
            return 0;
        }
        if (Double.isInfinite(x)) {
            return 1;
        }
        double r = x / t;
        return r * r / (r * r + 1);
    }

    private boolean breaches(double value) {
        return value > settings.guardrailAbove() || value < settings.guardrailBelow();
    }

    /** @return the state as versioned, checksummed bytes */
    public byte[] snapshot() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeByte(settings.kind().ordinal());
            out.writeLong(samples);
            out.writeLong(lastAt);
            out.writeInt(shiftAge);
            out.writeLong(firstAt);
            out.writeDouble(residualScale);
            out.writeLong(residualSamples);
            out.writeDouble(lastValue);
            out.writeByte(sameRun);
            out.writeDouble(lastCounter);
            out.writeLong(lastCounterAt);
            out.writeByte(median ? 0 : 1);
            window.write(out);
            ewma.write(out);
            out.writeBoolean(season != null);
            if (season != null) {
                season.write(out);
            }
            cusum.write(out);
            recent.write(out);
            rate.write(out);
            hysteresis.write(out);
            stateTracker.write(out);
            rate.writeHeld(out);
            tail.write(out);
            budget.write(out);
            out.writeDouble(repeatShare);
            out.writeLong(repeatSamples);
            tuning.write(out);
            out.writeLong(unlearnedRepeats);
            likelihood.write(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Restores a detector from {@link #snapshot()} bytes of this or an earlier format version.
     * Settings may differ from the ones the snapshot was taken with: the learned state is kept
     * where it still applies (a changed window keeps the newest values, a changed level method or
     * season switch relearns that part).
     *
     * @param settings the settings to judge with from now on
     * @param snapshot the bytes
     * @return the restored detector
     * @throws SnapshotException when the bytes are corrupt, of another kind or of an unknown version
     */
    public static SeriesDetector restore(DetectorSettings settings, byte[] snapshot) throws SnapshotException {
        if (snapshot == null || snapshot.length < 14) {
            throw new SnapshotException("snapshot too short: " + (snapshot == null ? 0 : snapshot.length) + " bytes");
        }
        CRC32 crc = new CRC32();
        crc.update(snapshot, 0, snapshot.length - 8);
        long stored = java.nio.ByteBuffer.wrap(snapshot, snapshot.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            throw new SnapshotException("snapshot checksum mismatch");
        }
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(Arrays.copyOf(snapshot, snapshot.length - 8)))) {
            if (in.readInt() != MAGIC) {
                throw new SnapshotException("not a series snapshot (bad magic)");
            }
            int version = in.readUnsignedShort();
            if (version < 1 || version > FORMAT_VERSION) {
                throw new SnapshotException("unknown snapshot format version " + version + " (this build reads 1 to "
                        + FORMAT_VERSION + ")");
            }
            int kind = in.readUnsignedByte();
            if (kind != settings.kind().ordinal()) {
                throw new SnapshotException("snapshot is of a " + SeriesKind.values()[Math.min(kind, 2)]
                        + " series, settings say " + settings.kind());
            }
            SeriesDetector detector = new SeriesDetector(settings);
            detector.samples = in.readLong();
            detector.lastAt = in.readLong();
            if (detector.samples < 0) {
                throw new SnapshotException("corrupt snapshot: negative sample count");
            }
            if (version == 1) {
                detector.readVersion1(in);
            } else if (version < 4) {
                detector.readVersion2(in);
                if (version == 3) {
                    detector.rate.readHeld(in); // version 2 held nothing back: learning resumes at once
                }
            } else {
                detector.readVersion4(in);
                if (version >= 5) {
                    detector.readRepeats(in);
                }
                if (version >= 6) {
                    detector.tuning.read(in, version >= 7); // versions 4 and 5 kept no feedback
                }
                if (version == 6) {
                    // version 6 kept no answer ids: what it had seen is what came up to its last observation
                    // or answer (an answer was applied before it was recorded, so a snapshot written after
                    // it reflects it)
                    detector.tuning.reflectedThrough(Math.max(detector.lastAt, detector.tuning.lastAnswered()));
                }
                if (version >= 8) {
                    detector.unlearnedRepeats = in.readLong(); // before, a frozen stretch's repeats were never learned
                    if (detector.unlearnedRepeats < 0) {
                        throw new IOException("corrupt count of unlearned repeats");
                    }
                }
                if (version >= 9) {
                    // before, no distribution of the series' own scores: it is learned from now on, and until it has
                    // seen a day the point test alone decides
                    detector.likelihood.read(in);
                }
            }
            if (in.available() != 0) {
                throw new SnapshotException("snapshot has " + in.available() + " unexpected trailing bytes");
            }
            return detector;
        } catch (IOException | RuntimeException e) {
            throw new SnapshotException("snapshot corrupt or truncated: " + e);
        }
    }

    /** Version 1: the rolling window (floats), hysteresis and state tracker. */
    private void readVersion1(DataInputStream in) throws IOException {
        firstAt = lastAt; // version 1 kept no season: the profile is learned from now on
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            float v = in.readFloat();
            if (!Float.isFinite(v)) {
                throw new IOException("non-finite value in window");
            }
            window.add(v);
            if (i >= MIN_WINDOW_FOR_CLIPPING) {
                ewma.add(v);
            }
            recent.add(v);
        }
        if (season != null) {
            season.seedLevel(window.median(), lastAt);
        }
        hysteresis.read(in);
        stateTracker.read(in);
    }

    /**
     * Versions 2 and 3: the window, EWMA, an hour-of-week season, CUSUM, recent values, rate, hysteresis
     * and state tracker. The hour-of-week season is skipped: its one-day level seeds the new season's
     * slow level and the periodic profiles are learned from now on (two days until a period is chosen).
     */
    private void readVersion2(DataInputStream in) throws IOException {
        shiftAge = in.readInt();
        firstAt = in.readLong();
        double slowLevel = in.readDouble();
        lastCounter = in.readDouble();
        lastCounterAt = in.readLong();
        in.readUnsignedByte(); // level method at snapshot time; the window and EWMA are kept either way
        window.read(in);
        ewma.read(in);
        if (in.readBoolean()) {
            skipHourOfWeekSeason(in);
        }
        if (season != null) {
            season.seedLevel(Double.isNaN(slowLevel) ? window.median() : slowLevel, lastAt);
        }
        readModels(in);
        if (shiftAge < 0) {
            throw new IOException("corrupt shift age");
        }
    }

    /** The part every version from 2 on writes alike: CUSUM, recent values, rate, hysteresis, state tracker. */
    private void readModels(DataInputStream in) throws IOException {
        cusum.read(in);
        recent.read(in);
        rate.read(in);
        hysteresis.read(in);
        stateTracker.read(in);
    }

    /** The season of versions 2 and 3: 192 buckets, each a count and, when not empty, two floats. */
    private static void skipHourOfWeekSeason(DataInputStream in) throws IOException {
        for (int b = 0; b < 192; b++) {
            short count = in.readShort();
            if (count < 0) {
                throw new IOException("corrupt season bucket count");
            }
            if (count > 0) {
                in.readFloat();
                in.readFloat();
            }
        }
    }

    /** Version 5 adds the usual share of repeated readings; a version 4 snapshot learns it from now on. */
    private void readRepeats(DataInputStream in) throws IOException {
        repeatShare = in.readDouble();
        repeatSamples = in.readLong();
        if (repeatSamples < 0 || !(Double.isNaN(repeatShare) || (repeatShare >= 0 && repeatShare <= 1))) {
            throw new IOException("corrupt share of repeated readings");
        }
    }

    /** Versions 4 and 5 alike: everything but the share of repeated readings. */
    private void readVersion4(DataInputStream in) throws IOException {
        shiftAge = in.readInt();
        firstAt = in.readLong();
        residualScale = in.readDouble();
        residualSamples = in.readLong();
        lastValue = in.readDouble();
        sameRun = in.readUnsignedByte();
        lastCounter = in.readDouble();
        lastCounterAt = in.readLong();
        in.readUnsignedByte(); // level method at snapshot time; the window and EWMA are kept either way
        window.read(in);
        ewma.read(in);
        if (in.readBoolean()) {
            Seasonality target = season != null ? season : new Seasonality(settings.seasonZone());
            target.read(in);
        }
        readModels(in);
        rate.readHeld(in);
        tail.read(in);
        budget.read(in);
        if (shiftAge < 0 || residualSamples < 0 || !(Double.isNaN(residualScale) || residualScale >= 0)) {
            throw new IOException("corrupt detector scalars");
        }
    }
}
