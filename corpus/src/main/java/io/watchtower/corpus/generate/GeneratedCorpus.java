package io.watchtower.corpus.generate;

import io.watchtower.corpus.LabelledSeries;
import io.watchtower.corpus.Trait;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.watchtower.corpus.generate.SeriesDraft.DAY;
import static io.watchtower.corpus.generate.SeriesDraft.HOUR;
import static io.watchtower.corpus.generate.SeriesDraft.MINUTE;
import static io.watchtower.corpus.generate.SeriesDraft.WEEK;

/**
 * The generated part of the corpus: every series from a fixed seed, so a run generates exactly the
 * series the previous one did. Families, sampling and sizes are described in {@code corpus/README.md}.
 */
public final class GeneratedCorpus {

    private static final long S15 = 15_000L;
    private static final long M1 = MINUTE;
    private static final long M5 = 5 * MINUTE;

    /**
     * How one series is made.
     *
     * @param name the series' name
     * @param make generates it (deterministic: each call gives an equal series)
     */
    public record Recipe(String name, Supplier<LabelledSeries> make) {
    }

    private final List<Recipe> recipes = new ArrayList<>();

    private GeneratedCorpus() {
        periodic();
        bursty();
        drifting();
        cloud();
        planted();
        disturbed();
        operational();
    }

    /** @return every recipe, in table order */
    public static List<Recipe> recipes() {
        return new GeneratedCorpus().recipes;
    }

    /** @return every generated series */
    public static List<LabelledSeries> all() {
        List<LabelledSeries> all = new ArrayList<>();
        for (Recipe r : recipes()) {
            all.add(r.make().get());
        }
        return all;
    }

    private void add(String name, Supplier<LabelledSeries> make) {
        recipes.add(new Recipe(name, make));
    }

    private static SeriesDraft draft(String name, String family, long step, long duration, long seed) {
        return new SeriesDraft(name, family, step, duration, seed);
    }

    /** Periodic series without any anomaly: after three cycles every page is false. */
    private void periodic() {
        add("sine-5m-14d", () -> draft("sine-5m-14d", "daily-sine", M5, 14 * DAY, 101)
                .add(Shapes.constant(50)).add(Shapes.dailySine(10, 14)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());
        add("sine-1m-7d", () -> draft("sine-1m-7d", "daily-sine", M1, 7 * DAY, 102)
                .add(Shapes.constant(20)).add(Shapes.dailySine(3, 3)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());
        add("sine-15s-4d", () -> draft("sine-15s-4d", "daily-sine", S15, 4 * DAY, 103)
                .add(Shapes.constant(100)).add(Shapes.dailySine(40, 20.5)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());

        add("sine-5m-14d-zero", () -> draft("sine-5m-14d-zero", "daily-sine", M5, 14 * DAY, 104)
                .add(Shapes.dailySine(1, 6)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());

        add("square-5m-14d", () -> draft("square-5m-14d", "daily-square", M5, 14 * DAY, 111)
                .add(Shapes.constant(10)).add(Shapes.dailySquare(50, 8, 18)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());
        add("square-1m-7d", () -> draft("square-1m-7d", "daily-square", M1, 7 * DAY, 112)
                .add(Shapes.constant(2)).add(Shapes.dailySquare(10, 1, 3)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());
        add("square-15s-4d", () -> draft("square-15s-4d", "daily-square", S15, 4 * DAY, 113)
                .add(Shapes.constant(0.5)).add(Shapes.dailySquare(3.5, 12, 18)).cycle(DAY).trait(Trait.PERIODIC_CLEAN).build());

        add("noisy-5m-14d", () -> noisy("noisy-5m-14d", M5, 14 * DAY, 121, 60, 20, 0.4));
        add("noisy-1m-7d", () -> noisy("noisy-1m-7d", M1, 7 * DAY, 122, 300, 120, 2));
        add("noisy-15s-4d", () -> noisy("noisy-15s-4d", S15, 4 * DAY, 123, 8, 3, 0.05));
        add("noisy-5m-28d-workdays", () -> {
            SeriesDraft d = draft("noisy-5m-28d-workdays", "daily-noisy", M5, 28 * DAY, 124)
                    .add(Shapes.constant(40)).add(Shapes.workdays(120, 7, 21, 1)).cycle(DAY).trait(Trait.PERIODIC_CLEAN);
            Noise.gaussian(d, 1.5);
            return d.build();
        });

        add("weekly-5m-35d", () -> weekly("weekly-5m-35d", M5, 35 * DAY, 131, 0.5));
        add("weekly-1m-28d", () -> weekly("weekly-1m-28d", M1, 28 * DAY, 132, 0.1));
        add("weekly-5m-49d", () -> weekly("weekly-5m-49d", M5, 49 * DAY, 133, 1.5));
    }

    private static LabelledSeries noisy(String name, long step, long duration, long seed, double level, double amplitude,
                                        double sigma) {
        SeriesDraft d = draft(name, "daily-noisy", step, duration, seed)
                .add(Shapes.constant(level)).add(Shapes.dailySine(amplitude, 15)).add(Shapes.dailySine(amplitude / 4, 9))
                .cycle(DAY).trait(Trait.PERIODIC_CLEAN);
        Noise.gaussian(d, sigma);
        return d.build();
    }

    private static LabelledSeries weekly(String name, long step, long duration, long seed, double sigma) {
        SeriesDraft d = draft(name, "weekly", step, duration, seed)
                .add(Shapes.constant(20)).add(Shapes.workdays(80, 8, 19, 0.15)).add(Shapes.dailySine(5, 21))
                .cycle(WEEK).trait(Trait.PERIODIC_CLEAN);
        Noise.gaussian(d, sigma);
        return d.floor(0).build();
    }

    /** Heavy-tailed counts with several bursts a day, as social-media mentions are. */
    private void bursty() {
        add("bursty-5m-55d-a", () -> bursty("bursty-5m-55d-a", M5, 55 * DAY, 201, 3, 4, 0));
        add("bursty-5m-55d-b", () -> bursty("bursty-5m-55d-b", M5, 55 * DAY, 202, 20, 6, 0));
        add("bursty-5m-55d-surge", () -> bursty("bursty-5m-55d-surge", M5, 55 * DAY, 203, 8, 3, 2));
        add("bursty-1m-14d", () -> bursty("bursty-1m-14d", M1, 14 * DAY, 204, 1.5, 5, 0));
        add("bursty-5m-28d-outage", () -> {
            SeriesDraft d = draft("bursty-5m-28d-outage", "bursty-counts", M5, 28 * DAY, 205)
                    .add(Shapes.constant(30)).add(Shapes.dailySine(20, 16)).trait(Trait.BURSTY);
            Faults.bursts(d, 4, 1.5, 1.5, 40 * MINUTE);
            int[] at = d.places(2, d.row(10 * DAY), d.rows(3 * HOUR), d.rows(DAY));
            for (int start : at) {
                // the collector stops: counts drop to (almost) nothing for three hours around midday
                int from = start - Math.floorMod(start, d.rows(DAY)) + d.rows(11 * HOUR);
                for (int i = from; i < from + d.rows(3 * HOUR); i++) {
                    d.values[i] *= 0.02;
                }
                d.label(from, from + d.rows(3 * HOUR), "dip", Double.NaN);
            }
            Noise.poisson(d);
            return d.build();
        });
    }

    private static LabelledSeries bursty(String name, long step, long duration, long seed, double rate, double perDay,
                                         int surges) {
        SeriesDraft d = draft(name, "bursty-counts", step, duration, seed)
                .add(Shapes.constant(rate)).add(Shapes.dailySine(rate * 0.6, 17)).trait(Trait.BURSTY);
        Faults.bursts(d, perDay, 1.5, 1.3, 30 * MINUTE);
        if (surges > 0) {
            for (int start : d.places(surges, d.row(14 * DAY), d.rows(6 * HOUR), d.rows(3 * DAY))) {
                // a sustained surge far beyond the bursts: twenty times the rate for six hours
                for (int i = start; i < start + d.rows(6 * HOUR); i++) {
                    d.values[i] = rate * 20 * (1 + 0.2 * StrictMath.sin(i * 0.3));
                }
                d.label(start, start + d.rows(6 * HOUR), "surge", Double.NaN);
            }
        }
        Noise.poisson(d);
        return d.build();
    }

    /** Slowly drifting sensors and seasonal series with a drift: no anomaly unless planted. */
    private void drifting() {
        add("sensor-5m-77d", () -> sensor("sensor-5m-77d", M5, 77 * DAY, 301, 0));
        add("sensor-5m-77d-fault", () -> sensor("sensor-5m-77d-fault", M5, 77 * DAY, 302, 3));
        add("sensor-1m-21d", () -> sensor("sensor-1m-21d", M1, 21 * DAY, 303, 0));
        add("drift-5m-28d", () -> {
            SeriesDraft d = usual(draft("drift-5m-28d", "slow-drift", M5, 28 * DAY, 311)).add(Shapes.drift(1.5));
            return d.build();
        });
        add("drift-1m-14d", () -> {
            SeriesDraft d = usual(draft("drift-1m-14d", "slow-drift", M1, 14 * DAY, 312)).add(Shapes.drift(-3));
            return d.build();
        });
    }

    private static LabelledSeries sensor(String name, long step, long duration, long seed, int faults) {
        SeriesDraft d = draft(name, "drifting-sensor", step, duration, seed)
                .add(Shapes.constant(21)).add(Shapes.dailySine(1.2, 15)).add(Shapes.wander(4, seed % 7))
                .add(Shapes.drift(0.03));
        Noise.autoregressive(d, 0.08, 0.6);
        if (faults > 0) {
            Faults.excursions(d, "dip", faults, 6, 12, 30 * MINUTE, 2 * HOUR, -1, 10 * DAY);
        }
        return d.quantise(0.01).build();
    }

    /** Noisy cloud CPU and network series with level changes. */
    private void cloud() {
        add("cpu-5m-14d-a", () -> cpu("cpu-5m-14d-a", M5, 14 * DAY, 401));
        add("cpu-5m-14d-b", () -> cpu("cpu-5m-14d-b", M5, 14 * DAY, 402));
        add("cpu-1m-7d", () -> cpu("cpu-1m-7d", M1, 7 * DAY, 403));
        add("cpu-5m-14d-idle", () -> {
            // a mostly idle instance: CPU around 1.5 % at 0.1 resolution, an hourly cron job for one
            // or two samples, and a runaway process pinning the CPU for two hours
            SeriesDraft d = draft("cpu-5m-14d-idle", "cloud-cpu", M5, 14 * DAY, 404).add(Shapes.constant(1.5));
            Noise.gaussian(d, 0.08);
            for (int i = 0; i < d.size(); i++) {
                if (Math.floorMod(d.at(i), HOUR) < 2 * M5 && d.random.nextDouble() < 0.7) {
                    d.values[i] += 3 + 15 * d.random.nextDouble();
                }
            }
            int[] at = d.places(1, d.row(8 * DAY), d.rows(2 * HOUR), d.rows(6 * HOUR));
            for (int i = at[0]; i < at[0] + d.rows(2 * HOUR); i++) {
                d.values[i] = 97 + 3 * d.random.nextDouble();
            }
            d.label(at[0], at[0] + d.rows(2 * HOUR), "pinned", Double.NaN);
            return d.floor(0).quantise(0.1).build();
        });
        add("network-5m-14d-a", () -> network("network-5m-14d-a", M5, 14 * DAY, 411));
        add("network-5m-14d-b", () -> network("network-5m-14d-b", M5, 14 * DAY, 412));
        add("network-1m-10d-regimes", () -> {
            // a service whose traffic moves between regimes (a batch consumer switching on and off for
            // hours at a time, unlabelled) with a 30-minute outage to almost nothing
            SeriesDraft d = draft("network-1m-10d-regimes", "cloud-network", M1, 10 * DAY, 413)
                    .add(Shapes.constant(2e5)).add(Shapes.workdays(3e5, 8, 20, 0.3));
            boolean on = false;
            for (int i = 0; i < d.size(); i++) {
                if (d.random.nextDouble() < 1.0 / 240) {
                    on = !on;
                }
                d.values[i] += on ? 6e5 : 0;
            }
            Noise.logNormal(d, 0.2);
            int[] at = d.places(1, d.row(6 * DAY), d.rows(30 * MINUTE), d.rows(6 * HOUR));
            for (int i = at[0]; i < at[0] + d.rows(30 * MINUTE); i++) {
                d.values[i] *= 0.01;
            }
            d.label(at[0], at[0] + d.rows(30 * MINUTE), "outage", Double.NaN);
            return d.quantise(1).build();
        });
    }

    private static LabelledSeries cpu(String name, long step, long duration, long seed) {
        SeriesDraft d = draft(name, "cloud-cpu", step, duration, seed)
                .add(Shapes.constant(35)).add(Shapes.workdays(15, 8, 20, 0.4));
        Noise.studentT(d, 1.2, 3);
        double shortSpikes = d.noiseSigma;
        Noise.autoregressive(d, 3, 0.7);
        d.noiseSigma = StrictMath.hypot(shortSpikes, d.noiseSigma);
        Faults.levelChanges(d, 1.5, 2);
        Faults.excursions(d, "spike", 2, 6, 10, 20 * MINUTE, 60 * MINUTE, 1, duration / 3, duration * 3 / 4);
        Faults.step(d, duration * 4 / 5, 6, 30 * MINUTE);
        return d.floor(0).quantise(0.1).build();
    }

    private static LabelledSeries network(String name, long step, long duration, long seed) {
        SeriesDraft d = draft(name, "cloud-network", step, duration, seed)
                .add(Shapes.constant(4e6)).add(Shapes.workdays(6e6, 7, 22, 0.5));
        Noise.logNormal(d, 0.25);
        Faults.levelChanges(d, 1, 1.5);
        Faults.excursions(d, "dip", 2, 5, 8, 15 * MINUTE, 45 * MINUTE, -1, duration / 3);
        return d.floor(0).quantise(1).build();
    }

    /** The usual series of planted anomalies: level 100, a ±15 daily swing peaking at 14:00, noise σ = 2. */
    private static SeriesDraft usual(SeriesDraft d) {
        d.add(Shapes.constant(100)).add(Shapes.dailySine(15, 14));
        Noise.gaussian(d, 2);
        return d;
    }

    private static long after(long duration) {
        return Math.min(3 * DAY, duration / 3);
    }

    /** Planted anomalies of known size in σ on the usual series. */
    private void planted() {
        long[][] grid = {{S15, 7 * DAY}, {M1, 14 * DAY}, {M5, 28 * DAY}};
        String[] tags = {"15s-7d", "1m-14d", "5m-28d"};
        for (int g = 0; g < grid.length; g++) {
            long step = grid[g][0];
            long duration = grid[g][1];
            String tag = tags[g];
            int seed = 500 + 10 * g;
            double newNormal = g == 1 ? -7 : 8 + g;
            add("spikes-" + tag, () -> {
                SeriesDraft d = usual(draft("spikes-" + tag, "spikes", step, duration, seed + 1));
                Faults.excursions(d, "spike", 6, 5, 12, 3 * step, 15 * step, 1, after(duration));
                return d.build();
            });
            add("dips-" + tag, () -> {
                SeriesDraft d = usual(draft("dips-" + tag, "dips", step, duration, seed + 2));
                Faults.excursions(d, "dip", 6, 5, 12, 3 * step, 15 * step, -1, after(duration));
                return d.build();
            });
            add("shifts-" + tag, () -> {
                SeriesDraft d = usual(draft("shifts-" + tag, "level-shifts", step, duration, seed + 3));
                long shortest = step == S15 ? 20 * MINUTE : 2 * HOUR;
                Faults.excursions(d, "shift", 4, 5, 12, shortest, 3 * shortest, 0, after(duration));
                return d.build();
            });
            add("new-normal-" + tag, () -> {
                SeriesDraft d = usual(draft("new-normal-" + tag, "new-normal", step, duration, seed + 4));
                Faults.step(d, duration * 3 / 5, newNormal, 30 * step);
                return d.build();
            });
        }
        add("small-1m-14d", () -> {
            SeriesDraft d = usual(draft("small-1m-14d", "small-shifts", M1, 14 * DAY, 541));
            Faults.excursions(d, "shift", 4, 2.5, 4, 2 * HOUR, 4 * HOUR, 1, 3 * DAY);
            return d.build();
        });
        add("small-5m-28d", () -> {
            SeriesDraft d = usual(draft("small-5m-28d", "small-shifts", M5, 28 * DAY, 542));
            Faults.excursions(d, "shift", 4, 2.5, 4, 3 * HOUR, 6 * HOUR, -1, 3 * DAY);
            return d.build();
        });
    }

    /** Variance changes, stuck values, counter resets and missing data. */
    private void disturbed() {
        add("variance-1m-14d", () -> {
            SeriesDraft d = usual(draft("variance-1m-14d", "variance", M1, 14 * DAY, 601));
            Faults.variance(d, 4, 5, 3 * HOUR, 3 * DAY);
            return d.build();
        });
        add("variance-5m-28d", () -> {
            SeriesDraft d = usual(draft("variance-5m-28d", "variance", M5, 28 * DAY, 602));
            Faults.variance(d, 4, 6, 4 * HOUR, 5 * DAY);
            return d.build();
        });
        add("variance-15s-5d", () -> {
            SeriesDraft d = usual(draft("variance-15s-5d", "variance", S15, 5 * DAY, 603));
            Faults.variance(d, 3, 5, HOUR, 2 * DAY);
            return d.build();
        });
        add("stuck-1m-14d", () -> {
            SeriesDraft d = usual(draft("stuck-1m-14d", "stuck-value", M1, 14 * DAY, 611));
            Faults.stuck(d, 3, 4 * HOUR, 3 * DAY);
            return d.quantise(0.1).build();
        });
        add("stuck-5m-28d", () -> {
            SeriesDraft d = usual(draft("stuck-5m-28d", "stuck-value", M5, 28 * DAY, 612));
            Faults.stuck(d, 3, 8 * HOUR, 5 * DAY);
            return d.quantise(0.1).build();
        });
        add("stuck-15s-5d", () -> {
            SeriesDraft d = usual(draft("stuck-15s-5d", "stuck-value", S15, 5 * DAY, 613));
            Faults.stuck(d, 3, 2 * HOUR, 2 * DAY);
            return d.quantise(0.1).build();
        });
        add("resets-1m-14d", () -> resets("resets-1m-14d", M1, 14 * DAY, 621));
        add("resets-5m-28d", () -> resets("resets-5m-28d", M5, 28 * DAY, 622));
        add("resets-15s-5d", () -> resets("resets-15s-5d", S15, 5 * DAY, 623));
        add("gaps-1m-14d", () -> gaps("gaps-1m-14d", M1, 14 * DAY, 631));
        add("gaps-5m-28d", () -> gaps("gaps-5m-28d", M5, 28 * DAY, 632));
        add("gaps-15s-5d", () -> gaps("gaps-15s-5d", S15, 5 * DAY, 633));
    }

    private static LabelledSeries resets(String name, long step, long duration, long seed) {
        SeriesDraft d = usual(draft(name, "counter-resets", step, duration, seed));
        Faults.excursions(d, "spike", 4, 5, 12, 5 * step, 15 * step, 1, after(duration));
        Faults.counterResets(d, 5);
        return d.build();
    }

    private static LabelledSeries gaps(String name, long step, long duration, long seed) {
        SeriesDraft d = usual(draft(name, "missing-data", step, duration, seed));
        Faults.excursions(d, "spike", 4, 5, 12, 5 * step, 15 * step, 1, after(duration));
        Faults.gaps(d, 0.1, 3, step == S15 ? HOUR : 6 * HOUR);
        return d.build();
    }

    /** Operational series: a stuck consumer lag, request latency, machine temperature. */
    private void operational() {
        add("lag-15s-4d", () -> lag("lag-15s-4d", S15, 4 * DAY, 701, 2 * HOUR));
        add("lag-1m-7d", () -> lag("lag-1m-7d", M1, 7 * DAY, 702, 6 * HOUR));
        add("latency-1m-14d", () -> latency("latency-1m-14d", M1, 14 * DAY, 711));
        add("latency-15s-4d", () -> latency("latency-15s-4d", S15, 4 * DAY, 712));
        add("temperature-5m-28d", () -> temperature("temperature-5m-28d", M5, 28 * DAY, 721));
        add("temperature-1m-14d", () -> temperature("temperature-1m-14d", M1, 14 * DAY, 722));
    }

    private static LabelledSeries lag(String name, long step, long duration, long seed, long stuckFor) {
        SeriesDraft d = draft(name, "stuck-lag", step, duration, seed)
                .add(Shapes.constant(3)).add(Shapes.workdays(4, 8, 20, 0.3)).trait(Trait.STAYS_BAD)
                .trait(Trait.DECLARED_BAD_NEVER_NORMAL);
        Noise.poisson(d);
        Faults.stuckAt(d, 2, 100, stuckFor, after(duration), 3);
        return d.quantise(1).build();
    }

    private static LabelledSeries latency(String name, long step, long duration, long seed) {
        SeriesDraft d = draft(name, "latency", step, duration, seed)
                .add(Shapes.constant(20)).add(Shapes.workdays(10, 8, 20, 0.5));
        Noise.logNormal(d, 0.3);
        Faults.excursions(d, "shift", 3, 6, 10, 30 * MINUTE, 90 * MINUTE, 1, after(duration));
        return d.quantise(0.01).build();
    }

    private static LabelledSeries temperature(String name, long step, long duration, long seed) {
        SeriesDraft d = draft(name, "temperature", step, duration, seed)
                .add(Shapes.constant(55)).add(Shapes.workdays(12, 8, 20, 0.3)).add(Shapes.wander(2, seed % 5));
        Noise.autoregressive(d, 0.8, 0.8);
        Faults.ramps(d, 3, 10, 2 * HOUR, after(duration));
        return d.quantise(0.1).build();
    }
}
