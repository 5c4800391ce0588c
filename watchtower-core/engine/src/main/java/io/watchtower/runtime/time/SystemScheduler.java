package io.watchtower.runtime.time;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

/** Real threads and real time: a lane is one daemon thread, workers a pool of them. */
enum SystemScheduler implements Scheduler {
    INSTANCE;

    /** How often {@link #await} looks at its condition. */
    private static final long AWAIT_POLL_MILLIS = 10;

    @Override
    public ScheduledExecutorService lane(String name) {
        ScheduledThreadPoolExecutor lane = new ScheduledThreadPoolExecutor(1, named(name));
        lane.setRemoveOnCancelPolicy(true);
        lane.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        lane.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return lane;
    }

    @Override
    public ExecutorService workers(String name) {
        return Executors.newCachedThreadPool(named(name));
    }

    @Override
    public boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(AWAIT_POLL_MILLIS);
        }
        return true;
    }

    private static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
