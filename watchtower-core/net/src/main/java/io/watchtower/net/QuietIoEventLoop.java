package io.watchtower.net;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.Executor;

/**
 * An event loop that sleeps until I/O arrives, a task is submitted or a scheduled task is due.
 *
 * <p>Netty 4.2's {@link SingleThreadIoEventLoop} tells its I/O handler, when nothing is scheduled,
 * that the next deadline is one second away (the executor's "purge interval"), so an idle loop
 * returns from {@code epoll_wait} (or {@code select}) every second for as long as the process lives
 * — for a daemon whose loops carry a few exchanges every 15 s, most of their wake-ups. The handlers
 * themselves read "no deadline" as "wait for I/O alone" ({@code -1} from
 * {@code IoHandlerContext.deadlineNanos()}, {@link Long#MAX_VALUE} from {@code delayNanos}), as
 * Netty 4.1's event loops did; this loop says so. A cancelled scheduled task is removed from the
 * queue when it is cancelled, so nothing needs purging in between, and a task scheduled from
 * another thread wakes the loop as before.
 */
final class QuietIoEventLoop extends SingleThreadIoEventLoop {

    QuietIoEventLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory ioHandlerFactory) {
        super(parent, executor, ioHandlerFactory);
    }

    /**
     * @param threads how many loops
     * @param name the loops' thread name prefix (daemon threads)
     * @param io the I/O handler each loop runs
     * @return a group of quiet loops
     */
    static MultiThreadIoEventLoopGroup group(int threads, String name, IoHandlerFactory io) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io) {
            @Override
            protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
                return new QuietIoEventLoop(this, executor, ioHandlerFactory);
            }
        };
    }

    /** @return the next scheduled task's deadline, or -1 when nothing is scheduled */
    @Override
    protected long deadlineNanos() {
        return nextScheduledTaskDeadlineNanos();
    }

    /** @return the time until the next scheduled task, or {@link Long#MAX_VALUE} when nothing is scheduled */
    @Override
    protected long delayNanos(long currentTimeNanos) {
        return nextScheduledTaskDeadlineNanos() == -1 ? Long.MAX_VALUE : super.delayNanos(currentTimeNanos);
    }
}
