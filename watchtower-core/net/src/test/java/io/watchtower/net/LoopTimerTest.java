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
        Timeout cancelled = timer.newTimeout(t -> cancelledRan.set(true), 50, TimeUnit.MILLISECONDS);
        assertThat(cancelled.cancel()).isTrue();
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        Timeout due = timer.newTimeout(t -> ranOn.complete(Thread.currentThread().getName()), 100,
                TimeUnit.MILLISECONDS);
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).startsWith("watchtower-netty");
        assertThat(due.task()).isNotNull();
        assertThat(cancelled.isCancelled()).isTrue();
        assertThat(cancelledRan).as("a cancelled task, due before the one that ran, never runs").isFalse();
        assertThat(timer.stop()).as("stopping a shared timer leaves the loops' tasks alone").isEmpty();
        assertThat(EventLoops.shared().isShutdown()).isFalse();
    }
}
