package io.watchtower.runtime.time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A scheduler in virtual time, for tests and replays: nothing runs until the caller moves time on
 * with {@link #advance(Duration)} (or runs what is due now with {@link #runDue()}); then every
 * task due meanwhile runs on the caller's thread, in due order, and the paired clock is moved to
 * each task's due time before it runs. A whole daemon driven by one of these lives through days in
 * milliseconds, and a test sees every consequence of a step once the call returns.
 *
 * <p>Tasks may be scheduled from any thread (an HTTP handler creating a silence, say); they run
 * when the caller next moves time. Lanes and workers are the same here: everything runs on the
 * caller's thread, one task at a time.
 */
public final class VirtualScheduler implements Scheduler {

    private final Consumer<Duration> clock;
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long now;
    private long sequence;
    private long ran;

    /**
     * @param moveClock moves the paired clock on (wall and monotonic time) by the given duration,
     *                  for example {@code fakeClock::advance}
     */
    public VirtualScheduler(Consumer<Duration> moveClock) {
        this.clock = moveClock;
    }

    /**
     * Moves virtual time on, running every task that falls due on the way, in order.
     *
     * @param duration how far; not negative
     */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time does not go back: " + duration);
        }
        long target;
        synchronized (queue) {
            target = now + duration.toNanos();
        }
        runUntil(target);
    }

    /**
     * Moves virtual time on, one due time after another, until {@code done} holds, at most
     * {@code limit}.
     *
     * @param done the condition, looked at first and after the tasks of each due time have run
     * @param limit how far virtual time may move
     * @return whether it holds
     */
    public boolean advanceUntil(BooleanSupplier done, Duration limit) {
        long target;
        synchronized (queue) {
            target = now + limit.toNanos();
        }
        while (!done.getAsBoolean()) {
            long next;
            synchronized (queue) {
                Task<?> head = queue.peek();
                if (head == null || head.due > target) {
                    next = -1;
                } else {
                    next = Math.max(now, head.due);
                }
            }
            if (next < 0) {
                runUntil(target);
                return done.getAsBoolean();
            }
            runUntil(next);
        }
        return true;
    }

    /** Runs every task due now, including those the tasks themselves make due now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** @return how long until the next task falls due, or empty when none is scheduled */
    public Optional<Duration> nextDue() {
        synchronized (queue) {
            Task<?> head = queue.peek();
            return head == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, head.due - now)));
        }
    }

    /** @return how many tasks have run so far: what a test counts to see that idle work does not wake */
    public synchronized long tasksRun() {
        return ran;
    }

    private void runUntil(long target) {
        while (true) {
            Task<?> next;
            long step;
            synchronized (queue) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    next = null;
                    step = target - now;
                    now = Math.max(now, target);
                } else {
                    queue.poll();
                    step = next.due - now;
                    now = Math.max(now, next.due);
                }
            }
            if (step > 0) {
                clock.accept(Duration.ofNanos(step));
            }
            if (next == null) {
                return;
            }
            synchronized (this) {
                ran++;
            }
            next.run();
        }
    }

    private void enqueue(Task<?> task) {
        synchronized (queue) {
            queue.add(task);
        }
    }

    private long now() {
        synchronized (queue) {
            return now;
        }
    }

    @Override
    public ScheduledExecutorService lane(String name) {
        return new Lane(name);
    }

    @Override
    public java.util.concurrent.ExecutorService workers(String name) {
        return new Lane(name);
    }

    /** Runs what is due now until {@code done} holds or nothing is due; virtual time does not move. */
    @Override
    public boolean await(BooleanSupplier done, Duration timeout) {
        while (!done.getAsBoolean()) {
            Optional<Duration> next = nextDue();
            if (next.isEmpty() || !next.get().isZero()) {
                return done.getAsBoolean();
            }
            runDue();
        }
        return true;
    }

    /** One lane (or set of workers): its tasks live in the scheduler's one queue. */
    private final class Lane extends AbstractExecutorService implements ScheduledExecutorService {
        private final String name;
        private volatile boolean shutdown;

        Lane(String name) {
            this.name = name;
        }

        private <V> Task<V> submitTask(Task<V> task) {
            if (shutdown) {
                throw new RejectedExecutionException("lane " + name + " is shut down");
            }
            enqueue(task);
            return task;
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return submitTask(new Task<>(this, Executors.callable(command, null), due(delay, unit), 0));
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return submitTask(new Task<>(this, callable, due(delay, unit), 0));
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            if (period <= 0) {
                throw new IllegalArgumentException("period must be positive: " + period);
            }
            return submitTask(new Task<>(this, Executors.callable(command, null), due(initialDelay, unit),
                    unit.toNanos(period)));
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            if (delay <= 0) {
                throw new IllegalArgumentException("delay must be positive: " + delay);
            }
            return submitTask(new Task<>(this, Executors.callable(command, null), due(initialDelay, unit),
                    -unit.toNanos(delay)));
        }

        private long due(long delay, TimeUnit unit) {
            return now() + Math.max(0, unit.toNanos(delay));
        }

        /** Drops the lane's periodic tasks and those due later; tasks due now still run. */
        @Override
        public void shutdown() {
            shutdown = true;
            synchronized (queue) {
                queue.removeIf(t -> t.lane == this && (t.period != 0 || t.due > now));
            }
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            List<Runnable> dropped = new ArrayList<>();
            synchronized (queue) {
                queue.removeIf(t -> t.lane == this && dropped.add(t));
            }
            return dropped;
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            if (!shutdown) {
                return false;
            }
            synchronized (queue) {
                return queue.stream().noneMatch(t -> t.lane == this);
            }
        }

        /** Runs what is due now (this lane's tasks among them), then says whether the lane is done. */
        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            VirtualScheduler.this.await(this::isTerminated, Duration.ofNanos(unit.toNanos(timeout)));
            return isTerminated();
        }

        @Override
        public String toString() {
            return "virtual lane " + name;
        }
    }

    /** A task: one-shot (period 0), at a fixed rate (period &gt; 0) or with a fixed delay (period &lt; 0). */
    private final class Task<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
        private final Lane lane;
        private final long period;
        private final long seq;
        private long due;

        Task(Lane lane, Callable<V> callable, long due, long period) {
            super(callable);
            this.lane = lane;
            this.due = due;
            this.period = period;
            synchronized (queue) {
                this.seq = sequence++;
            }
        }

        @Override
        public boolean isPeriodic() {
            return period != 0;
        }

        @Override
        public void run() {
            if (period == 0) {
                super.run();
            } else if (runAndReset() && !lane.shutdown) {
                due = period > 0 ? due + period : now() - period;
                enqueue(this);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            synchronized (queue) {
                queue.remove(this);
            }
            return cancelled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            if (other instanceof Task<?> t) {
                int byDue = Long.compare(due, t.due);
                return byDue != 0 ? byDue : Long.compare(seq, t.seq);
            }
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
