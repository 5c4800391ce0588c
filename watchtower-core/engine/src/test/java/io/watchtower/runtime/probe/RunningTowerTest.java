package io.watchtower.runtime.probe;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class RunningTowerTest {

    private static RunningTower running(Tower tower, Duration timeout, double jitter) {
        TowerRegistration registration = TowerRegistration.of(new TowerInfo("t", "x", "c", "", Map.of()), List.of(),
                ConfigFactory.empty(), Map.of());
        return new RunningTower(new TowerInstance("t", tower, registration, Duration.ofSeconds(10), timeout, jitter,
                2.0, Duration.ofSeconds(60), "f"), TowerClock.system(), 1);
    }

    @Test
    void theTowerProbesWithItsOwnClassLoaderAsTheThreadsContextLoader() throws Exception {
        java.util.concurrent.atomic.AtomicReference<ClassLoader> context = new java.util.concurrent.atomic.AtomicReference<>();
        Tower tower = out -> {
            context.set(Thread.currentThread().getContextClassLoader());
            out.target("a").gauge("latency", 1);
        };
        Thread caller = Thread.currentThread();
        ClassLoader before = caller.getContextClassLoader();
        // the daemon's threads carry the application's loader; a shared library that loads a class the
        // tower names (the PostgreSQL driver and its socket factory) must find the tower's instead
        try (java.net.URLClassLoader other = new java.net.URLClassLoader(new java.net.URL[0], null)) {
            caller.setContextClassLoader(other);
            try (RunningTower running = running(tower, Duration.ofSeconds(1), 0)) {
                assertThat(running.probe().outcome()).isEqualTo(ProbeResult.Outcome.OK);
            } finally {
                caller.setContextClassLoader(before);
            }
        }
        assertThat(context.get()).isSameAs(tower.getClass().getClassLoader());
    }

    @Test
    void backsOffExponentiallyWhileEveryTargetIsUnreachableAndRecovers() {
        AtomicBoolean down = new AtomicBoolean(true);
        try (RunningTower tower = running(out -> {
            if (down.get()) {
                out.target("a").unreachable("refused");
            } else {
                out.target("a").gauge("latency", 1);
            }
        }, Duration.ofSeconds(1), 0)) {
            tower.probe();
            assertThat(tower.nextDelay()).isEqualTo(Duration.ofSeconds(20));
            tower.probe();
            assertThat(tower.nextDelay()).isEqualTo(Duration.ofSeconds(40));
            tower.probe();
            assertThat(tower.nextDelay()).as("capped at backoff.max").isEqualTo(Duration.ofSeconds(60));
            down.set(false);
            tower.probe();
            assertThat(tower.nextDelay()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @Test
    void theTowerSeesADeadlineThatLeavesItTimeToReportBeforeTheTimeout() {
        java.util.concurrent.atomic.AtomicReference<io.watchtower.spi.ProbeDeadline> seen = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Duration> left = new java.util.concurrent.atomic.AtomicReference<>();
        try (RunningTower tower = running(out -> {
            seen.set(out.deadline());
            left.set(out.deadline().remaining());
            out.target("a").gauge("latency", 1);
        }, Duration.ofSeconds(4), 0)) {
            ProbeResult result = tower.probe();
            assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.OK);
            assertThat(RunningTower.towerBudget(Duration.ofSeconds(4))).isEqualTo(Duration.ofMillis(3600));
            assertThat(RunningTower.towerBudget(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(29));
            assertThat(seen.get().at()).isEqualTo(java.time.Instant.ofEpochMilli(result.at()).plusMillis(3600));
            assertThat(left.get()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(3600));
            assertThat(seen.get().share(3)).isLessThanOrEqualTo(Duration.ofMillis(1200));
        }
    }

    @Test
    void jitterStaysWithinItsFraction() {
        try (RunningTower tower = running(out -> { }, Duration.ofSeconds(1), 0.1)) {
            for (int i = 0; i < 200; i++) {
                assertThat(tower.nextDelay().toMillis()).isBetween(9000L, 11000L);
            }
            assertThat(tower.firstDelay().toMillis()).isBetween(0L, 1000L);
        }
    }

    @Test
    void aProbeThatRunsOverIsInterruptedAndReportedAsATimeout() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (RunningTower tower = running(out -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        }, Duration.ofMillis(200), 0)) {
            long started = System.nanoTime();
            ProbeResult result = tower.probe();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.TIMEOUT);
            assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the tower thread was interrupted").isTrue();
        }
    }

    @Test
    void aStillRunningProbeIsNotOverlappedButReportedAsAnOverrun() {
        CountDownLatch release = new CountDownLatch(1);
        try (RunningTower tower = running(out -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // ignores interrupts on purpose
                }
            }
        }, Duration.ofMillis(100), 0)) {
            assertThat(tower.probe().outcome()).isEqualTo(ProbeResult.Outcome.TIMEOUT);
            assertThat(tower.probe().outcome()).isEqualTo(ProbeResult.Outcome.OVERRUN);
            release.countDown();
        }
    }

    @Test
    void aThrowingTowerIsAFailedProbeWithTheReason() {
        try (RunningTower tower = running(out -> {
            throw new java.io.IOException("socket closed");
        }, Duration.ofSeconds(1), 0)) {
            ProbeResult result = tower.probe();
            assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.FAILED);
            assertThat(result.failure()).isEqualTo("IOException: socket closed");
        }
    }
}
