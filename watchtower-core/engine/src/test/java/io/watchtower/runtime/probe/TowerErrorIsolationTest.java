package io.watchtower.runtime.probe;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors a tower throws — a real stack overflow, a real out-of-memory from one impossible
 * allocation, a linkage error, an exception whose message cannot be built — are that tower's
 * failed probes: the scheduler keeps probing it, and the next probe succeeds.
 */
class TowerErrorIsolationTest {

    private static RunningTower running(String id, Tower tower) {
        TowerRegistration registration = TowerRegistration.of(new TowerInfo(id, "x", "c", "", Map.of()), List.of(),
                ConfigFactory.empty(), Map.of());
        Duration every = Duration.ofMillis(50);
        return new RunningTower(new TowerInstance(id, tower, registration, every, Duration.ofSeconds(2), 0,
                1.0, every, "f"), TowerClock.system(), 1);
    }

    private static int deeper(int n) {
        return deeper(n + 1) + 1;
    }

    /** An exception that overflows the stack when anyone asks for its message. */
    static final class UnprintableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            return "depth " + deeper(0);
        }
    }

    private static List<ProbeResult> collect(BlockingQueue<ProbeResult> queue, int n) throws InterruptedException {
        List<ProbeResult> results = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (results.size() < n && System.nanoTime() < deadline) {
            ProbeResult r = queue.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                results.add(r);
            }
        }
        return results;
    }

    @Test
    void errorsFromObserveAreFailedProbesAndTheTowerKeepsBeingProbed() throws InterruptedException {
        AtomicInteger probe = new AtomicInteger();
        Tower tower = out -> {
            switch (probe.getAndIncrement()) {
                case 0:
                    deeper(0);
                    break;
                case 1:
                    long[] impossible = new long[Integer.MAX_VALUE];
                    out.target("a").gauge("size", impossible.length);
                    break;
                case 2:
                    throw new NoClassDefFoundError("io/example/Missing");
                case 3:
                    throw new UnprintableException();
                default:
                    out.target("a").gauge("latency", 1);
            }
        };
        BlockingQueue<ProbeResult> queue = new LinkedBlockingQueue<>();
        try (ProbeScheduler scheduler = new ProbeScheduler(queue::add)) {
            scheduler.start(running("erring", tower));
            List<ProbeResult> results = collect(queue, 6);

            assertThat(results).as("probes after the errors").hasSize(6);
            assertThat(results.subList(0, 4)).allMatch(r -> r.outcome() == ProbeResult.Outcome.FAILED);
            assertThat(results.get(0).failure()).startsWith("StackOverflowError");
            assertThat(results.get(1).failure()).startsWith("OutOfMemoryError");
            assertThat(results.get(2).failure()).isEqualTo("NoClassDefFoundError: io/example/Missing");
            assertThat(results.get(3).failure()).startsWith("UnprintableException");
            assertThat(results.subList(4, 6)).allMatch(r -> r.outcome() == ProbeResult.Outcome.OK
                    && r.observations().size() == 1);
        }
    }

    @Test
    void anErrorWhileProcessingAResultDoesNotStopTheTowersSchedule() throws InterruptedException {
        BlockingQueue<ProbeResult> queue = new LinkedBlockingQueue<>();
        AtomicInteger processed = new AtomicInteger();
        Consumer<ProbeResult> results = r -> {
            if (processed.getAndIncrement() == 0) {
                deeper(0);
            }
            queue.add(r);
        };
        try (ProbeScheduler scheduler = new ProbeScheduler(results)) {
            scheduler.start(running("fine", out -> out.target("a").gauge("latency", 1)));
            assertThat(collect(queue, 2)).as("probes after the processing error").hasSize(2);
        }
    }

    @Test
    void aFailureMessageIsBounded() {
        String huge = "x".repeat(1_000_000);
        try (RunningTower tower = running("long", out -> {
            throw new IllegalStateException(huge);
        })) {
            ProbeResult result = tower.probe();
            assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.FAILED);
            assertThat(result.failure()).startsWith("IllegalStateException: xxx");
            assertThat(result.failure().length()).isLessThanOrEqualTo(RunningTower.MAX_FAILURE_TEXT + 1);
        }
    }
}
