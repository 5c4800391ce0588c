package io.watchtower.net;

import io.netty.util.Timeout;
import io.netty.util.Timer;
import io.netty.util.TimerTask;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Netty's {@link Timer} interface over the scheduler of an event-loop group, so that a library
 * asking for a timer (Lettuce's reconnect delays and command expiry) shares the process's event
 * loops instead of starting a timer thread that ticks while nothing is due: a loop wakes only
 * when a task is due. Tasks must be short and must not block, as any event-loop task.
 */
final class LoopTimer implements Timer {

    private final EventExecutorGroup loops;

    /** @param loops the group whose loops run the tasks */
    LoopTimer(EventExecutorGroup loops) {
        this.loops = loops;
    }

    @Override
    public Timeout newTimeout(TimerTask task, long delay, TimeUnit unit) {
        LoopTimeout timeout = new LoopTimeout(this, task);
        timeout.future = loops.next().schedule(timeout::run, Math.max(0, delay), unit);
        return timeout;
    }

    /** Shared: stopping it leaves the loops, and the tasks scheduled on them, alone. */
    @Override
    public Set<Timeout> stop() {
        return Set.of();
    }

    /** One scheduled task. */
    private static final class LoopTimeout implements Timeout {
        private final Timer timer;
        private final TimerTask task;
        private volatile ScheduledFuture<?> future;

        LoopTimeout(Timer timer, TimerTask task) {
            this.timer = timer;
            this.task = task;
        }

        void run() {
            try {
                task.run(this);
            } catch (Exception e) {
                throw new IllegalStateException("timer task " + task + " failed", e);
            }
        }

        @Override
        public Timer timer() {
            return timer;
        }

        @Override
        public TimerTask task() {
            return task;
        }

        @Override
        public boolean isExpired() {
            ScheduledFuture<?> f = future;
            return f != null && f.isDone() && !f.isCancelled();
        }

        @Override
        public boolean isCancelled() {
            ScheduledFuture<?> f = future;
            return f != null && f.isCancelled();
        }

        @Override
        public boolean cancel() {
            ScheduledFuture<?> f = future;
            return f != null && f.cancel(false);
        }
    }
}
