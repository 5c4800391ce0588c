package io.watchtower.runtime.probe;

import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler sleeps between probes: whether its lane still runs is asked by those who need to
 * know (readiness, the watchdog, heartbeats), and a lane that does not run leaves the question
 * unanswered for as long as it is stuck.
 */
class ProbeSchedulerAnswerTest {

    private final AtomicLong nanos = new AtomicLong();
    private final TowerClock clock = new TowerClock() {
        @Override
        public Instant now() {
            return Instant.ofEpochSecond(1_767_571_200L).plusNanos(nanos.get());
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }
    };
    private final VirtualScheduler time = new VirtualScheduler(d -> nanos.addAndGet(d.toNanos()));

    @Test
    void withNoTowerAndNobodyAskingTheLaneDoesNotWake() {
        try (ProbeScheduler scheduler = new ProbeScheduler(r -> { }, clock, time)) {
            time.runDue();
            long before = time.tasksRun();
            time.advance(Duration.ofHours(1));
            assertThat(time.tasksRun() - before).as("an hour without probes or questions").isZero();
            assertThat(scheduler.unansweredFor()).isZero();
        }
    }

    @Test
    void aRunningLaneAnswersEachQuestionAndAStuckOneLeavesItOpen() {
        try (ProbeScheduler scheduler = new ProbeScheduler(r -> { }, clock, time)) {
            for (int i = 0; i < 3; i++) {
                assertThat(scheduler.unansweredFor()).isZero();
                time.advance(Duration.ofSeconds(15));
            }
            assertThat(scheduler.unansweredFor()).as("answered the question 15 s ago").isZero();

            // the lane stops running tasks (virtual time moves, but nothing that falls due is run)
            nanos.addAndGet(Duration.ofSeconds(15).toNanos());
            assertThat(scheduler.unansweredFor()).as("asked 15 s ago, still pending").isEqualTo(Duration.ofSeconds(15));
            nanos.addAndGet(Duration.ofSeconds(15).toNanos());
            assertThat(scheduler.unansweredFor()).isEqualTo(Duration.ofSeconds(30));

            time.runDue();
            assertThat(scheduler.unansweredFor()).as("answered once the lane ran again").isZero();
        }
    }
}
