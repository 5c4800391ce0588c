package io.watchtower.runtime.time;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one wait on real time, for tests of what must stay real (sockets, child processes, a
 * tower's own thread): looks at a condition until it holds, and fails with a message naming what
 * did not happen, and what was last seen, once the deadline passes. The pause between two looks
 * starts at 2 ms and doubles up to 100 ms, so a quick condition is seen at once and a long wait
 * does not hammer what it looks at (an API with a rate limit). Logic
 * is tested in virtual time ({@link VirtualScheduler}); this is for the rest. It lives here, below
 * the test kit, because the runtime's own tests use it too.
 */
public final class Await {

    /** The first pause between two looks; it doubles up to {@link #LONGEST_POLL_NANOS}. */
    private static final long FIRST_POLL_NANOS = 2_000_000L;
    private static final long LONGEST_POLL_NANOS = 100_000_000L;

    private Await() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @param what what is waited for, for the failure message ("the webhook received 3 alerts")
     * @param timeout how long at most
     * @param condition the condition
     * @throws AssertionError when it does not hold within the timeout
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition::getAsBoolean, ok -> ok);
    }

    /**
     * Waits until the value {@code read} returns satisfies {@code done}.
     *
     * @param what what is waited for, for the failure message
     * @param timeout how long at most
     * @param read reads the value (it may throw; that counts as not yet)
     * @param done whether the value is the one waited for
     * @param <T> the value's type
     * @return the value that satisfied it
     * @throws AssertionError when none did within the timeout, naming the last value read
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = "nothing read";
        long pause = FIRST_POLL_NANOS;
        while (true) {
            try {
                T value = read.get();
                if (done.test(value)) {
                    return value;
                }
                last = value;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what + ": not within " + timeout.toMillis() + " ms; last seen: " + last);
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(LONGEST_POLL_NANOS, pause * 2);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError(what + ": interrupted while waiting");
            }
        }
    }
}
