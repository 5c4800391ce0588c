package io.watchtower.baseline.bench;

import io.watchtower.baseline.DetectorSettings;
import io.watchtower.baseline.Direction;
import io.watchtower.baseline.bench.LabelledSeries.Event;
import io.watchtower.baseline.bench.LabelledSeries.Feed;
import io.watchtower.baseline.bench.ScenarioSuite.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Series shaped like the ones that page too often in the field, at five-minute sampling and judged
 * with the one setting replay uses ({@code worse-when = both}): exact daily patterns (a sine, a
 * square wave, a pattern with small noise), bursty heavy-tailed counts, a slowly drifting sensor,
 * noisy cloud CPU whose level changes for good, and planted anomalies of at least 5 σ on noisy
 * daily series. Fixed seeds: every run sees the same data.
 */
final class FieldFamilies {

    static final long STEP = 300_000L;
    static final int PER_DAY = 288;
    static final int PER_WEEK = 7 * PER_DAY;

    private FieldFamilies() {
    }

    static List<Scenario> all() {
        DetectorSettings both = DetectorSettings.defaults().direction(Direction.BOTH);
        List<Scenario> s = new ArrayList<>();
        s.add(new Scenario("daily-sine-exact", "noise-free daily sine, 5 min, 14 days", true, false, both,
                seed -> periodic(seed, 14, FieldFamilies::sine, 0)));
        s.add(new Scenario("daily-square", "daily square wave 20/80, 5 min, 14 days", true, false, both,
                seed -> periodic(seed, 14, FieldFamilies::square, 0)));
        s.add(new Scenario("daily-small-noise", "daily pattern, noise 2 % of its swing, 14 days", true, false, both,
                seed -> periodic(seed, 14, FieldFamilies::sine, 0.8)));
        s.add(new Scenario("bursty-counts", "mention counts, heavy-tailed bursts several times a day, 55 days",
                true, false, both, FieldFamilies::bursty));
        s.add(new Scenario("drifting-sensor", "temperature drifting slowly over 77 days, daily swing, noise", true,
                false, both, FieldFamilies::drift));
        s.add(new Scenario("cloud-cpu-levels", "noisy CPU whose level changes for good every 2-4 days", false,
                false, both, FieldFamilies::cpuLevels));
        s.add(new Scenario("daily-spikes", "daily pattern with noise; 6 spikes and dips of 5..12 σ, 3..10 samples",
                false, true, both, FieldFamilies::dailySpikes));
        return s;
    }

    private static double sine(long at) {
        double phase = Math.floorMod(at, 86_400_000L) / 86_400_000.0;
        return 50 + 40 * Math.sin(2 * Math.PI * phase);
    }

    private static double square(long at) {
        long hour = Math.floorMod(at, 86_400_000L) / 3_600_000L;
        return hour >= 8 && hour < 20 ? 80 : 20;
    }

    interface Shape {
        double at(long at);
    }

    static LabelledSeries periodic(long seed, int days, Shape shape, double noise) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = days * PER_DAY;
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        long start = ScenarioSuite.START + (seed % 7) * 60_000L; // not always on the hour
        for (int i = 0; i < n; i++) {
            s.at[i] = start + i * STEP;
            s.value[i] = shape.at(s.at[i]) + noise * ScenarioSuite.gaussian(r);
        }
        return s;
    }

    /** Poisson-like counts with a daily swing and bursts of Pareto-distributed height, 1-6 samples long. */
    static LabelledSeries bursty(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 55 * PER_DAY;
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        double burst = 0;
        for (int i = 0; i < n; i++) {
            s.at[i] = ScenarioSuite.START + i * STEP;
            double hour = (i % PER_DAY) / 12.0;
            double mean = 12 + 8 * Math.sin((hour - 9) / 24 * 2 * Math.PI);
            if (r.nextInt(PER_DAY / 4) == 0) {
                burst += mean * Math.pow(1 - r.nextDouble(), -1 / 1.3) * 0.6; // heavy tail (Pareto 1.3)
            }
            double lambda = mean + burst;
            s.value[i] = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * ScenarioSuite.gaussian(r)));
            burst *= 0.5;
        }
        return s;
    }

    /** A sensor drifting by 30 units (15 noise σ) over 77 days, with a daily swing of ±3. */
    static LabelledSeries drift(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 77 * PER_DAY;
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        double wander = 0;
        for (int i = 0; i < n; i++) {
            s.at[i] = ScenarioSuite.START + i * STEP;
            double hour = (i % PER_DAY) / 12.0;
            wander = 0.995 * wander + 0.1 * ScenarioSuite.gaussian(r);
            s.value[i] = 70 + 30.0 * i / n + 3 * Math.cos((hour - 15) / 24 * 2 * Math.PI) + wander
                    + 2 * ScenarioSuite.gaussian(r);
        }
        return s;
    }

    /** CPU percent: a level with skewed noise and short spikes; the level changes for good 3-5 times. */
    static LabelledSeries cpuLevels(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 14 * PER_DAY;
        LabelledSeries s = new LabelledSeries(Feed.GAUGE, n);
        double level = 20 + 20 * r.nextDouble();
        int next = 2 * PER_DAY + r.nextInt(2 * PER_DAY);
        for (int i = 0; i < n; i++) {
            s.at[i] = ScenarioSuite.START + i * STEP;
            if (i == next) {
                double to = 10 + 50 * r.nextDouble();
                while (Math.abs(to - level) < 12) {
                    to = 10 + 50 * r.nextDouble();
                }
                level = to;
                s.events.add(new Event(i, i + 1, 0));
                next = i + 2 * PER_DAY + r.nextInt(2 * PER_DAY);
            }
            double noise = 1.5 * ScenarioSuite.gaussian(r) + (r.nextInt(40) == 0 ? 6 * r.nextDouble() : 0);
            s.value[i] = Math.max(0, Math.min(100, level + noise));
        }
        return s;
    }

    static LabelledSeries dailySpikes(long seed) {
        double sigma = 2;
        LabelledSeries s = periodic(seed, 21, FieldFamilies::sine, sigma);
        SplittableRandom r = new SplittableRandom(seed * 59 + 13);
        int[] starts = new int[6];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = 4 * PER_DAY + k * (16 * PER_DAY / starts.length) + r.nextInt(PER_DAY);
        }
        for (int k = 0; k < starts.length; k++) {
            int length = 3 + r.nextInt(8);
            double sigmas = 5 + 7 * r.nextDouble();
            int sign = k % 2 == 0 ? 1 : -1;
            for (int i = starts[k]; i < starts[k] + length; i++) {
                s.value[i] += sign * sigmas * sigma;
            }
            s.events.add(new Event(starts[k], starts[k] + length, sigmas));
        }
        return s;
    }
}
