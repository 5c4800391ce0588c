package io.watchtower.baseline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * A companion to the JMH benchmarks for shared machines: it measures the <em>CPU time</em> of the
 * benchmarking thread (not wall-clock time), so other processes competing for the cores inflate
 * the figures far less. It replays the same seasonal series as {@link ReplayThroughputBenchmark}
 * through fresh detectors and reports the median over rounds, after a warm-up that lets the JIT
 * compile everything; then it times the bodies of {@link ObservationCostBenchmark} the same way.
 *
 * <p>Run: {@code mvn -q -o -pl baseline test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.watchtower.baseline.CpuTimeBenchmark} (with the plugin coordinates given in
 * {@code docs/detection.md}).
 */
public final class CpuTimeBenchmark {

    private static final int ROWS = 20_000;
    private static final int ROUNDS = 25;

    private CpuTimeBenchmark() {
    }

    /**
     * Prints nanoseconds of CPU per observation and observations per CPU-second per configuration.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        long[] at = new long[ROWS];
        double[] values = new double[ROWS];
        long[] failures = new long[ROWS];
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < ROWS; k++) {
            at[k] = 1_767_571_200_000L + k * 60_000L;
            double hour = (k % 1440) / 60.0;
            double noise = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble());
            values[k] = 100 + 15 * Math.cos((hour - 14) / 24 * 2 * Math.PI) + 2 * noise + (k % 3000 < 8 ? 30 : 0);
            failures[k] = random.nextInt(1000) == 0 ? 1 : 0;
        }
        DetectorSettings d = DetectorSettings.defaults();
        Object[][] configs = {
            {"defaults (median+season+cusum)", d},
            {"median only", d.seasonal(false).changePoint(false)},
            {"ewma only", d.levelMethod(LevelMethod.EWMA).seasonal(false).changePoint(false)},
            {"ratio", d.kind(SeriesKind.RATIO)},
        };
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warm = 0; warm < 30; warm++) {
            for (Object[] config : configs) {
                sink += replay((DetectorSettings) config[1], at, values, failures);
            }
        }
        System.out.printf(Locale.ROOT, "%-32s %12s %16s%n", "replay of 20 000 observations", "ns/obs (CPU)",
                "obs per CPU-s");
        for (Object[] config : configs) {
            double[] perObservation = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long start = threads.getCurrentThreadCpuTime();
                sink += replay((DetectorSettings) config[1], at, values, failures);
                perObservation[round] = (threads.getCurrentThreadCpuTime() - start) / (double) ROWS;
            }
            Arrays.sort(perObservation);
            double median = perObservation[ROUNDS / 2];
            System.out.printf(Locale.ROOT, "%-32s %12.0f %16.2fM%n", config[0], median, 1e3 / median);
        }
        sink += steadyState(threads);
        System.out.println(sink == 42 ? "" : "(checksum " + (sink & 0xff) + ")");
    }

    /** The bodies of {@link ObservationCostBenchmark}, timed by CPU time in steady state. */
    private static long steadyState(ThreadMXBean threads) {
        ObservationCostBenchmark b = new ObservationCostBenchmark();
        b.setUp();
        Object[][] bodies = {
            {"defaults", (LongSupplier) () -> b.defaults().samples()},
            {"medianOnly", (LongSupplier) () -> b.medianOnly().samples()},
            {"ewmaOnly", (LongSupplier) () -> b.ewmaOnly().samples()},
            {"ratio", (LongSupplier) () -> b.ratio().samples()},
            {"state", (LongSupplier) () -> b.state().samples()},
            {"sortedWindow", (LongSupplier) () -> (long) b.sortedWindow()},
            {"ewma", (LongSupplier) () -> (long) b.ewma()},
            {"seasonality", (LongSupplier) () -> (long) b.seasonality()},
            {"residualTail", (LongSupplier) () -> (long) b.residualTail()},
            {"cusum", (LongSupplier) () -> (long) b.cusum()},
            {"rateModel", (LongSupplier) () -> (long) b.rateModel()},
            {"hysteresis", (LongSupplier) () -> b.hysteresis().ordinal()},
        };
        int calls = 500_000;
        long sink = 0;
        System.out.printf(Locale.ROOT, "%n%-32s %12s%n", "steady state (ObservationCost)", "ns/obs (CPU)");
        for (Object[] body : bodies) {
            LongSupplier call = (LongSupplier) body[1];
            for (int k = 0; k < 4 * calls; k++) {
                sink += call.getAsLong();
            }
            double[] perCall = new double[5];
            for (int round = 0; round < perCall.length; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < calls; k++) {
                    sink += call.getAsLong();
                }
                perCall[round] = (threads.getCurrentThreadCpuTime() - start) / (double) calls;
            }
            Arrays.sort(perCall);
            System.out.printf(Locale.ROOT, "%-32s %12.0f%n", body[0], perCall[perCall.length / 2]);
        }
        return sink;
    }

    private static long replay(DetectorSettings settings, long[] at, double[] values, long[] failures) {
        SeriesDetector detector = new SeriesDetector(settings);
        long sum = 0;
        boolean ratio = settings.kind() == SeriesKind.RATIO;
        for (int k = 0; k < at.length; k++) {
            Verdict v = ratio ? detector.observeRatio(at[k], failures[k], 1) : detector.observe(at[k], values[k]);
            sum += v.firing() ? 1 : 0;
        }
        return sum;
    }
}
