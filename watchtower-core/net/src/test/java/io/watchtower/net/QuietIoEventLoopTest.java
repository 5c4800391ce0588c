package io.watchtower.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An idle quiet loop stays asleep (counted in the kernel's voluntary context switches of its thread,
 * which a loop waking every second would raise by one a second), with the epoll and the NIO
 * handler, and scheduled tasks still run when they are due, cancelled ones never.
 */
class QuietIoEventLoopTest {

    private static final Path TASKS = Path.of("/proc/self/task");

    @Test
    void anIdleEpollLoopSleepsUntilATaskIsDue() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll");
        idleLoopSleeps("qepoll", EpollIoHandler.newFactory());
    }

    @Test
    void anIdleNioLoopSleepsUntilATaskIsDue() throws Exception {
        idleLoopSleeps("qnio", NioIoHandler.newFactory());
    }

    private static void idleLoopSleeps(String name, IoHandlerFactory io) throws Exception {
        assumeTrue(Files.isDirectory(TASKS), "Linux /proc");
        EventLoopGroup group = QuietIoEventLoop.group(1, name, io);
        try {
            group.submit(() -> { }).get(5, TimeUnit.SECONDS);
            // a task scheduled and cancelled leaves nothing to wake up for
            ScheduledFuture<?> cancelled = group.next().schedule(() -> { }, 200, TimeUnit.MILLISECONDS);
            cancelled.cancel(false);
            Path thread = loopThread(name);
            Thread.sleep(300);
            long before = voluntarySwitches(thread);
            Thread.sleep(3_500);
            long woke = voluntarySwitches(thread) - before;
            assertThat(woke).as("wake-ups of an idle loop in 3.5 s").isLessThanOrEqualTo(1);

            long start = System.nanoTime();
            group.next().schedule(() -> { }, 300, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMillis).as("a task scheduled from another thread runs when due").isBetween(290L, 2_000L);
            // and one scheduled on the loop by a task of its own
            long chained = System.nanoTime();
            group.next().submit(() -> group.next().schedule(() -> { }, 250, TimeUnit.MILLISECONDS)).get()
                    .get(5, TimeUnit.SECONDS);
            assertThat((System.nanoTime() - chained) / 1_000_000).isBetween(240L, 2_000L);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    /** @return the /proc folder of the group's one thread (named "{name}-{pool}-1") */
    private static Path loopThread(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            List<Path> found = tasks.filter(t -> comm(t).startsWith(name + "-")).toList();
            assertThat(found).as("the loop's thread").hasSize(1);
            return found.get(0);
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).strip();
        } catch (IOException e) {
            return ""; // a thread that ended meanwhile
        }
    }

    private static long voluntarySwitches(Path task) throws IOException {
        for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new AssertionError("no voluntary_ctxt_switches in " + task);
    }
}
