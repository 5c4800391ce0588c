package io.watchtower.baseline.bench;

import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Direction;
import io.watchtower.baseline.SeriesKind;
import io.watchtower.baseline.bench.LabelledSeries.Event;
import io.watchtower.baseline.bench.LabelledSeries.Feed;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

/**
 * The labelled scenario suite: synthetic low-frequency series (one point a minute) generated with
 * fixed seeds, so every run sees the same data. A typical series: level 100, Gaussian noise
 * σ = 2, a daily swing of ±15 peaking at 14:00 UTC, damped to 60 % at weekends. Anomalies are
 * injected after the first eight days, at least six hours apart, and sized in noise σ.
 */
final class ScenarioSuite {

    static final long START = 1_767_571_200_000L; // Monday 2026-01-05 00:00 UTC
    static final long STEP = 60_000L;
    static final int PER_DAY = 1440;
    static final int PER_WEEK = 7 * PER_DAY;
    static final double SIGMA = 2.0;
    static final int SERIES_PER_SCENARIO = 3;

    /** A named scenario: how to generate one of its series, and how to judge it. */
    record Scenario(String name, String description, boolean anomalyFree, boolean sizedTarget,
                    DetectorSettings settings, LongFunction<LabelledSeries> generator) {
    }

    private ScenarioSuite() {
    }

    static List<Scenario> all() {
        DetectorSettings defaults = DetectorSettings.defaults();
        DetectorSettings both = defaults.direction(Direction.BOTH);
        List<Scenario> s = new ArrayList<>();
        s.add(new Scenario("seasonal-clean", "daily+weekly seasonality with noise, no anomaly", true, false,
                both, seed -> seasonal(seed, 3 * PER_WEEK)));
        s.add(new Scenario("stationary-clean", "Gaussian noise around a constant level, no anomaly", true, false,
                both, seed -> stationary(seed, 3 * PER_WEEK)));
        s.add(new Scenario("heavy-tailed", "Student-t(3) noise and isolated absurd single values (x1000)", true,
                false, defaults, ScenarioSuite::heavyTailed));
        s.add(new Scenario("slow-drift", "seasonal; level drifts +20 σ over two weeks, no anomaly", true, false,
                both, ScenarioSuite::slowDrift));
        s.add(new Scenario("spikes", "seasonal; 10 spikes of 5-15 samples, +5..12 σ", false, true, defaults,
                seed -> withBursts(seasonal(seed, 3 * PER_WEEK), seed, 10, +1)));
        s.add(new Scenario("dips", "seasonal; 10 dips of 5-15 samples, -5..12 σ (worse-when both)", false, true,
                both, seed -> withBursts(seasonal(seed, 3 * PER_WEEK), seed, 10, -1)));
        s.add(new Scenario("shift-up", "seasonal; 4 level shifts +5..12 σ lasting 2-6 h", false, true, defaults,
                seed -> withShifts(seasonal(seed, 3 * PER_WEEK), seed, +1)));
        s.add(new Scenario("shift-down", "seasonal; 4 level shifts -5..12 σ lasting 2-6 h (worse-when both)",
                false, true, both, seed -> withShifts(seasonal(seed, 3 * PER_WEEK), seed, -1)));
        s.add(new Scenario("new-normal", "seasonal; a permanent step +8 σ on day 10 that must become normal",
                false, true, defaults, ScenarioSuite::newNormal));
        s.add(new Scenario("small-shift", "seasonal; 4 sustained shifts of +2.5 σ lasting 6 h (CUSUM)", false,
                false, defaults, ScenarioSuite::smallShifts));
        s.add(new Scenario("variance-change", "seasonal; noise x5 for 3 h, 4 times (worse-when both)", false,
                false, both, ScenarioSuite::varianceChange));
        s.add(new Scenario("flat-then-noisy", "exactly flat for 9 days, then noise σ = 2 appears for good",
                false, false, both, ScenarioSuite::flatThenNoisy));
        s.add(new Scenario("gaps", "spikes on a seasonal series with 10 % missing points, 3 gaps of 6 h, "
                + "duplicate and out-of-order timestamps", false, true, defaults, ScenarioSuite::gaps));
        s.add(new Scenario("counter-resets", "a request counter (rate seasonal) reset 5 times a week; rate "
                + "spikes of +5..12 σ", false, true, defaults, ScenarioSuite::counterResets));
        s.add(new Scenario("daily-batch-job", "4 weeks; daily 06:00-06:20 job at +30 σ must be learned; the "
                + "same job at 14:00 on 3 days must fire", false, true, defaults, ScenarioSuite::batchJob));
        s.add(new Scenario("failure-rate", "probe failing 1 in 1000 (single failures must not fire); 4 "
                + "episodes of 1 in 10 for 2 h", false, false, defaults.kind(SeriesKind.RATIO),
                ScenarioSuite::failureRate));
        return s;
    }

    static double seasonalMean(long at) {
        long minuteOfWeek = Math.floorMod((at - START) / STEP, (long) PER_WEEK);
        int day = (int) (minuteOfWeek / PER_DAY);
        double hour = (minuteOfWeek % PER_DAY) / 60.0;
        double amplitude = day >= 5 ? 9 : 15;
        return 100 + amplitude * Math.cos((hour - 14) / 24 * 2 * Math.PI);
    }

    static LabelledSeries seasonal(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        for (int i = 0; i < n; i++) {
            s.at[i] = START + i * STEP;
            s.value[i] = seasonalMean(s.at[i]) + SIGMA * gaussian(r);
        }
        return s;
    }

    static LabelledSeries stationary(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        for (int i = 0; i < n; i++) {
            s.at[i] = START + i * STEP;
            s.value[i] = 50 + SIGMA * gaussian(r);
        }
        return s;
    }

    static LabelledSeries heavyTailed(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3 * PER_WEEK;
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        for (int i = 0; i < n; i++) {
            s.at[i] = START + i * STEP;
            double t = gaussian(r) / Math.sqrt((square(gaussian(r)) + square(gaussian(r)) + square(gaussian(r))) / 3);
            s.value[i] = 20 + 0.5 * t;
            if (i > 100 && r.nextInt(2000) == 0) {
                s.value[i] = 20_000; // an absurd single reading
            }
        }
        return s;
    }

    static LabelledSeries slowDrift(long seed) {
        LabelledSeries s = seasonal(seed, 3 * PER_WEEK);
        for (int i = PER_WEEK; i < s.size(); i++) {
            s.value[i] += 20 * SIGMA * Math.min(1.0, (i - PER_WEEK) / (2.0 * PER_WEEK));
        }
        return s;
    }

    private static List<Integer> starts(SplittableRandom r, int count, int from, int to, int gap) {
        List<Integer> starts = new ArrayList<>();
        int attempts = 0;
        while (starts.size() < count && attempts++ < 10_000) {
            int candidate = from + r.nextInt(to - from);
            boolean clear = true;
            for (int other : starts) {
                clear &= Math.abs(other - candidate) >= gap;
            }
            if (clear) {
                starts.add(candidate);
            }
        }
        starts.sort(Integer::compare);
        return starts;
    }

    static LabelledSeries withBursts(LabelledSeries s, long seed, int count, int sign) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        for (int start : starts(r, count, 8 * PER_DAY, s.size() - 60, 360)) {
            int length = 5 + r.nextInt(11);
            double sigmas = 5 + 7 * r.nextDouble();
            for (int i = start; i < start + length; i++) {
                s.value[i] += sign * sigmas * SIGMA;
            }
            s.events.add(new Event(start, start + length, sigmas));
        }
        return s;
    }

    static LabelledSeries withShifts(LabelledSeries s, long seed, int sign) {
        SplittableRandom r = new SplittableRandom(seed * 37 + 11);
        for (int start : starts(r, 4, 8 * PER_DAY, s.size() - 400, 720)) {
            int length = 120 + r.nextInt(241);
            double sigmas = 5 + 7 * r.nextDouble();
            for (int i = start; i < start + length; i++) {
                s.value[i] += sign * sigmas * SIGMA;
            }
            s.events.add(new Event(start, start + length, sigmas));
        }
        return s;
    }

    static LabelledSeries newNormal(long seed) {
        LabelledSeries s = seasonal(seed, 3 * PER_WEEK);
        int start = 10 * PER_DAY + (int) (seed % 600);
        for (int i = start; i < s.size(); i++) {
            s.value[i] += 8 * SIGMA;
        }
        // the alarm belongs to the step; afterwards the step is normal and any alarm is false
        s.events.add(new Event(start, start + 1, 8));
        return s;
    }

    static LabelledSeries smallShifts(long seed) {
        LabelledSeries s = seasonal(seed, 3 * PER_WEEK);
        SplittableRandom r = new SplittableRandom(seed * 41 + 3);
        for (int start : starts(r, 4, 8 * PER_DAY, s.size() - 400, 1000)) {
            for (int i = start; i < start + 360; i++) {
                s.value[i] += 2.5 * SIGMA;
            }
            s.events.add(new Event(start, start + 360, 2.5));
        }
        return s;
    }

    static LabelledSeries varianceChange(long seed) {
        LabelledSeries s = seasonal(seed, 3 * PER_WEEK);
        SplittableRandom r = new SplittableRandom(seed * 43 + 5);
        for (int start : starts(r, 4, 8 * PER_DAY, s.size() - 400, 1000)) {
            for (int i = start; i < start + 180; i++) {
                s.value[i] += 4 * SIGMA * gaussian(r);
            }
            s.events.add(new Event(start, start + 180, 5));
        }
        return s;
    }

    static LabelledSeries flatThenNoisy(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3 * PER_WEEK;
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        int start = 9 * PER_DAY;
        for (int i = 0; i < n; i++) {
            s.at[i] = START + i * STEP;
            s.value[i] = i < start ? 42 : 42 + SIGMA * gaussian(r);
        }
        s.events.add(new Event(start, start + 1, 0));
        return s;
    }

    static LabelledSeries gaps(long seed) {
        LabelledSeries full = withBursts(seasonal(seed, 3 * PER_WEEK), seed, 10, +1);
        SplittableRandom r = new SplittableRandom(seed * 47 + 1);
        boolean[] missing = new boolean[full.size()];
        for (int i = 0; i < full.size(); i++) {
            missing[i] = r.nextInt(10) == 0;
        }
        for (int start : starts(r, 3, 2 * PER_DAY, full.size() - 400, 2 * PER_DAY)) {
            for (int i = start; i < start + 360; i++) {
                missing[i] = true;
            }
        }
        for (Event e : full.events) {
            for (int i = e.start(); i < e.end(); i++) {
                missing[i] = false; // keep the anomaly observable: its samples arrive
            }
        }
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < full.size(); i++) {
            if (!missing[i]) {
                keep.add(i);
                if (r.nextInt(200) == 0) {
                    keep.add(-i - 1); // a duplicate of this timestamp (marker, resolved below)
                }
                if (i > 10 && r.nextInt(300) == 0) {
                    keep.add(-(i - 5) - 1); // a late, out-of-order reading
                }
            }
        }
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, keep.size());
        int[] position = new int[full.size()];
        for (int k = 0; k < keep.size(); k++) {
            int idx = keep.get(k);
            int source = idx >= 0 ? idx : -idx - 1;
            s.at[k] = full.at[source];
            s.value[k] = full.value[source] + (idx >= 0 ? 0 : SIGMA * gaussian(r));
            if (idx >= 0) {
                position[source] = k;
            }
        }
        for (Event e : full.events) {
            s.events.add(new Event(position[e.start()], position[e.end() - 1] + 1, e.sigmas()));
        }
        return s;
    }

    static LabelledSeries counterResets(long seed) {
        LabelledSeries rates = withBursts(seasonal(seed, 3 * PER_WEEK), seed, 10, +1);
        SplittableRandom r = new SplittableRandom(seed * 53 + 9);
        LabelledSeries s = new LabelledSeries(Feed.COUNTER, rates.size());
        double total = 1e6;
        for (int i = 0; i < rates.size(); i++) {
            s.at[i] = rates.at[i];
            if (i > 0 && r.nextInt(PER_DAY * 7 / 5) == 0) {
                total = 0; // process restart: the counter starts again
            } else if (i > 0) {
                total += rates.value[i] * STEP / 1000.0; // rates are per second
            }
            s.value[i] = total;
        }
        s.events.addAll(rates.events);
        return s;
    }

    static LabelledSeries batchJob(long seed) {
        LabelledSeries s = seasonal(seed, 4 * PER_WEEK);
        for (int day = 0; day < 28; day++) {
            int jobStart = day * PER_DAY + 6 * 60;
            for (int i = jobStart; i < jobStart + 20; i++) {
                s.value[i] += 30 * SIGMA;
            }
            if (day >= 14) {
                s.quiet.add(new int[] {jobStart, jobStart + 20 + 5});
            }
        }
        for (int day : new int[] {16, 20, 24}) {
            int start = day * PER_DAY + 14 * 60 + (int) (seed % 30);
            for (int i = start; i < start + 20; i++) {
                s.value[i] += 30 * SIGMA;
            }
            s.events.add(new Event(start, start + 20, 30));
        }
        return s;
    }

    static LabelledSeries failureRate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3 * PER_WEEK;
        LabelledSeries s = new LabelledSeries(Feed.RATIO, n);
        boolean[] bad = new boolean[n];
        for (int start : starts(r, 4, 8 * PER_DAY, n - 400, 1000)) {
            for (int i = start; i < start + 120; i++) {
                bad[i] = true;
            }
            s.events.add(new Event(start, start + 120, 0));
        }
        for (int i = 0; i < n; i++) {
            s.at[i] = START + i * STEP;
            s.attempts[i] = 1;
            s.failures[i] = r.nextDouble() < (bad[i] ? 0.1 : 0.001) ? 1 : 0;
            s.value[i] = s.failures[i];
        }
        return s;
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller: deterministic for a given generator state, unlike a shared Random's cache
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static double square(double x) {
        return x * x;
    }
}
