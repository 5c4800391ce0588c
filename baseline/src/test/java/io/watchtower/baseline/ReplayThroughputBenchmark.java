package io.watchtower.baseline;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Replay throughput: a fresh {@link SeriesDetector} with default settings replays a recorded
 * series of 20 000 observations (two weeks at one a minute, as {@code watchtower replay} reads
 * one CSV), from learning to ready. Reported as observations per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ReplayThroughputBenchmark {

    private static final int ROWS = 20_000;

    private final long[] at = new long[ROWS];
    private final double[] values = new double[ROWS];

    /** Generates the recorded series. */
    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < ROWS; k++) {
            at[k] = 1_767_571_200_000L + k * 60_000L;
            double hour = (k % 1440) / 60.0;
            double noise = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble());
            values[k] = 100 + 15 * Math.cos((hour - 14) / 24 * 2 * Math.PI) + 2 * noise
                    + (k % 3000 < 8 ? 30 : 0);
        }
    }

    /**
     * @param blackhole sink for the verdicts
     */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void replay(Blackhole blackhole) {
        SeriesDetector detector = new SeriesDetector(DetectorSettings.defaults());
        for (int k = 0; k < ROWS; k++) {
            blackhole.consume(detector.observe(at[k], values[k]));
        }
    }
}
