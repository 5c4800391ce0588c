package io.watchtower.net;

import io.netty.util.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class LoopTimerTest {

    @Test
    void aTaskRunsOnTheSharedLoopsAndACancelledOneNever() throws Exception {
        LoopTimer timer = new LoopTimer(EventLoops.shared());
        AtomicBoolean cancelledRan = new AtomicBoolean();
        // due a second after it is scheduled: a busy machine may pause this thread for tens of
        // milliseconds between scheduling and cancelling, never for a second
        long scheduled = System.nanoTime();
        Timeout cancelled = timer.newTimeout(t -> cancelledRan.set(true), 1, TimeUnit.SECONDS);
        assertThat(cancelled.cancel()).isTrue();
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        Timeout due = timer.newTimeout(t -> ranOn.complete(Thread.currentThread().getName()), 100,
                TimeUnit.MILLISECONDS);
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).startsWith("watchtower-netty");
        assertThat(due.task()).isNotNull();
        assertThat(cancelled.isCancelled()).isTrue();
        CompletableFuture<Void> pastDue = new CompletableFuture<>();
        long left = TimeUnit.SECONDS.toNanos(1) + TimeUnit.MILLISECONDS.toNanos(200) - (System.nanoTime() - scheduled);
        timer.newTimeout(t -> pastDue.complete(null), Math.max(0, left), TimeUnit.NANOSECONDS);
        pastDue.get(10, TimeUnit.SECONDS);
        assertThat(cancelledRan).as("a cancelled task never runs, also once it is past due").isFalse();
        assertThat(timer.stop()).as("stopping a shared timer leaves the loops' tasks alone").isEmpty();
        assertThat(EventLoops.shared().isShutdown()).isFalse();
    }
}
