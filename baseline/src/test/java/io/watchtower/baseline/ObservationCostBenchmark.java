package io.watchtower.baseline;

import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one observation (update and score) for each model on its own and for
 * {@link SeriesDetector} with the default settings and per series kind. The input is a seasonal
 * series with noise and occasional spikes, one point a minute, replayed in a loop with
 * ever-increasing timestamps, so every model runs in its steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ObservationCostBenchmark {

    private static final int N = 1 << 16;
    private static final long MINUTE = 60_000;

    private final double[] values = new double[N];
    private final long[] failures = new long[N];
    private final String[] states = {"10.0.0.1,10.0.0.2", "10.0.0.1,10.0.0.2", "10.0.0.1,10.0.0.2", "10.0.0.3"};
    private int i;
    private long at = 1_767_571_200_000L;

    private SeriesDetector defaults;
    private SeriesDetector medianOnly;
    private SeriesDetector ewmaOnly;
    private SeriesDetector ratio;
    private SeriesDetector state;
    private SortedWindow window;
    private EwmaLevel ewma;
    private Seasonality season;
    private ResidualTail tail;
    private ChangeDetector cusum;
    private RateModel rate;
    private Hysteresis hysteresis;

    /** Generates the input and brings every model past its warm-up. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k < N; k++) {
            double hour = (k % 1440) / 60.0;
            double noise = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble());
            values[k] = 100 + 15 * Math.cos((hour - 14) / 24 * 2 * Math.PI) + 2 * noise
                    + (random.nextInt(500) == 0 ? 40 : 0);
            failures[k] = random.nextInt(1000) == 0 ? 1 : 0;
        }
        defaults = new SeriesDetector(DetectorSettings.defaults());
        medianOnly = new SeriesDetector(DetectorSettings.defaults().seasonal(false).changePoint(false));
        ewmaOnly = new SeriesDetector(DetectorSettings.defaults().levelMethod(LevelMethod.EWMA).seasonal(false)
                .changePoint(false));
        ratio = new SeriesDetector(DetectorSettings.defaults().kind(SeriesKind.RATIO));
        state = new SeriesDetector(DetectorSettings.defaults().kind(SeriesKind.STATE));
        window = new SortedWindow(240);
        ewma = new EwmaLevel(0.02);
        season = new Seasonality(ZoneOffset.UTC);
        tail = new ResidualTail();
        cusum = new ChangeDetector(1, 8, 4);
        rate = new RateModel(64, 2000);
        hysteresis = new Hysteresis(3, 5, 3);
        for (int k = 0; k < N; k++) {
            defaults();
            medianOnly();
            ewmaOnly();
            ratio();
            state();
            seasonality();
            residualTail();
        }
    }

    private int next() {
        i = (i + 1) & (N - 1);
        at += MINUTE;
        return i;
    }

    /** The default combination: median level, seasonal profile, CUSUM, hysteresis. */
    @Benchmark
    public Verdict defaults() {
        int k = next();
        return defaults.observe(at, values[k]);
    }

    /** SeriesDetector with only the rolling median/MAD (season and CUSUM off). */
    @Benchmark
    public Verdict medianOnly() {
        int k = next();
        return medianOnly.observe(at, values[k]);
    }

    /** SeriesDetector with only the EWMA level (season and CUSUM off). */
    @Benchmark
    public Verdict ewmaOnly() {
        int k = next();
        return ewmaOnly.observe(at, values[k]);
    }

    /** A ratio series: one attempt per observation, failing 1 in 1000. */
    @Benchmark
    public Verdict ratio() {
        int k = next();
        return ratio.observeRatio(at, failures[k], 1);
    }

    /** A state series: mostly stable, sometimes another value. */
    @Benchmark
    public Verdict state() {
        int k = next();
        return state.observeState(at, states[(int) (failures[k] * 3) + (values[k] > 140 ? 3 : 0) & 3]);
    }

    /** The sorted window alone: add, median and MAD. */
    @Benchmark
    public double sortedWindow() {
        int k = next();
        window.add(values[k]);
        return window.median() + window.mad();
    }

    /** The EWMA alone: add, mean and deviation. */
    @Benchmark
    public double ewma() {
        int k = next();
        ewma.add(values[k]);
        return ewma.mean() + ewma.deviation();
    }

    /** The seasonality alone: the chosen period's interpolated offset, then learning both profiles and the choice. */
    @Benchmark
    public double seasonality() {
        int k = next();
        double offset = season.offset(at);
        season.learn(at, values[k], values[k], 2.0);
        return offset;
    }

    /** The learned tail of residuals alone: one residual in, the bar out. */
    @Benchmark
    public double residualTail() {
        int k = next();
        tail.add(Math.abs(values[k] - 100) / 10);
        return tail.bar(4);
    }

    /** The CUSUM alone. */
    @Benchmark
    public double cusum() {
        int k = next();
        cusum.update((values[k] - 100) / 10);
        return cusum.upward();
    }

    /** The rate model alone: observe, tail probability, learn. */
    @Benchmark
    public double rateModel() {
        int k = next();
        rate.observe(failures[k], 1);
        double z = rate.zAbove();
        rate.learn(failures[k], 1);
        return z;
    }

    /** The hysteresis alone. */
    @Benchmark
    public Transition hysteresis() {
        int k = next();
        return hysteresis.step(at, values[k] > 130 ? Cause.ANOMALY : Cause.NONE);
    }
}
