package io.watchtower.runtime;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard ends the process only for a heap that stays full after collection: several in a row,
 * over a span of time; one impossible allocation is not exhaustion. (A daemon whose heap really
 * fills is ended with {@link HeapExhaustionGuard#EXIT_CODE}: the fault matrix's heap row.)
 */
class HeapExhaustionGuardTest {

    private static final long MAX = 100 << 20;

    private static HeapExhaustionGuard.Streak streak() {
        return new HeapExhaustionGuard.Streak(0.98, 5, Duration.ofSeconds(10));
    }

    @Test
    void fiveFullCollectionsOverTenSecondsAreExhaustion() {
        HeapExhaustionGuard.Streak s = streak();
        for (int i = 0; i < 4; i++) {
            assertThat(s.record(MAX - 1, MAX, i * 3_000L)).as("collection %d", i + 1).isFalse();
        }
        assertThat(s.record(MAX, MAX, 12_000)).isTrue();
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.spanMillis()).isEqualTo(12_000);
    }

    @Test
    void manyFullCollectionsInAShortBurstAreNotYetExhaustion() {
        HeapExhaustionGuard.Streak s = streak();
        for (int i = 0; i < 50; i++) {
            assertThat(s.record(MAX, MAX, i * 100L)).isFalse();
        }
        assertThat(s.record(MAX, MAX, 10_000)).as("once the streak spans 10 s").isTrue();
    }

    @Test
    void oneCollectionThatFreesTheHeapStartsTheStreakAgain() {
        HeapExhaustionGuard.Streak s = streak();
        for (int i = 0; i < 4; i++) {
            s.record(MAX, MAX, i * 5_000L);
        }
        assertThat(s.record(MAX / 2, MAX, 20_000)).isFalse();
        assertThat(s.count()).isZero();
        for (int i = 1; i <= 4; i++) {
            assertThat(s.record(MAX, MAX, 20_000 + i * 5_000L)).isFalse();
        }
        assertThat(s.record(MAX, MAX, 45_000)).isTrue();
    }

    @Test
    void justBelowTheThresholdNeverCounts() {
        HeapExhaustionGuard.Streak s = streak();
        long below = (long) (0.98 * MAX) - 1;
        for (int i = 0; i < 100; i++) {
            assertThat(s.record(below, MAX, i * 1_000L)).isFalse();
        }
        assertThat(s.record(1, -1, 200_000)).as("a pool without a maximum").isFalse();
    }

    @Test
    void thisJvmHasAnOldGenerationToWatch() {
        assertThat(HeapExhaustionGuard.oldGeneration(ManagementFactory.getMemoryPoolMXBeans())).isPresent();
    }

    @Test
    void anImpossibleAllocationAndTheCollectionsAfterItDoNotEndTheProcess() throws InterruptedException {
        List<Integer> exits = new ArrayList<>();
        HeapExhaustionGuard guard = HeapExhaustionGuard.install(exits::add).orElseThrow();
        try {
            OutOfMemoryError refused = null;
            try {
                // more than the whole heap may hold
                long[] impossible = new long[(int) Math.min(Integer.MAX_VALUE - 8,
                        Runtime.getRuntime().maxMemory() / Long.BYTES + (1 << 20))];
                impossible[0] = 1;
            } catch (OutOfMemoryError e) {
                refused = e;
            }
            assertThat(refused).as("the allocation is refused").isNotNull();
            for (int i = 0; i < HeapExhaustionGuard.COLLECTIONS + 1; i++) {
                System.gc();
            }
            Thread.sleep(500); // collection notifications are delivered on a JVM thread
            assertThat(exits).isEmpty();
        } finally {
            guard.close();
        }
    }
}
