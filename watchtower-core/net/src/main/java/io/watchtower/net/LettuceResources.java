package io.watchtower.net;

import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;

import java.util.concurrent.TimeUnit;

/**
 * The one set of Lettuce {@link ClientResources} of a process, shared by every Redis client (the
 * redis-queue tower's servers, the Redis Stream channel): its I/O, its callbacks and its timeouts
 * ({@link LoopTimer}) run on {@link EventLoops#shared()}. Nothing here starts a thread of its own,
 * and nothing shuts these resources down but the JVM's exit — a client's {@code shutdown()} leaves
 * resources it was given alone.
 *
 * <p>Every channel Lettuce opens gets a {@link ReplyByteLimit} of {@link #MAX_REPLY_BYTES} as its
 * first handler: what a server may send in answer to one request is bounded before Lettuce buffers it.
 */
public final class LettuceResources {

    /**
     * The most bytes a Redis server may send in answer to one request, 1 MiB: far above an
     * {@code INFO} (a few KiB) or an {@code XINFO CONSUMERS} of a thousand consumers, and small
     * enough that a hostile server cannot fill a small daemon's heap.
     */
    public static final long MAX_REPLY_BYTES = 1L << 20;

    private static volatile ClientResources shared;

    private LettuceResources() {
    }

    /** @return the process's client resources, created on first use */
    public static ClientResources shared() {
        ClientResources r = shared;
        if (r == null) {
            synchronized (LettuceResources.class) {
                r = shared;
                if (r == null) {
                    r = build();
                    shared = r;
                }
            }
        }
        return r;
    }

    private static ClientResources build() {
        // callbacks (future completion, events) and timeouts (reconnect delays, command expiry) run
        // on the shared loops too: no callback thread, and no timer thread ticking while nothing is due
        return DefaultClientResources.builder()
                .eventLoopGroupProvider(new SharedLoops())
                .eventExecutorGroup(EventLoops.shared())
                .timer(new LoopTimer(EventLoops.shared()))
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled())
                .nettyCustomizer(new BoundedReplies())
                .build();
    }

    /** Hands Lettuce the process's event loops, whatever group type it asks for, and never shuts them down. */
    private static final class SharedLoops implements EventLoopGroupProvider {

        @Override
        @SuppressWarnings("unchecked")
        public <T extends EventLoopGroup> T allocate(Class<T> type) {
            return (T) EventLoops.shared();
        }

        @Override
        public int threadPoolSize() {
            return EventLoops.THREADS;
        }

        @Override
        public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout,
                                       TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true); // shared: stays up
        }

        @Override
        public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit timeUnit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
    }

    /** Puts a {@link ReplyByteLimit} in front of every channel's pipeline, before TLS and Lettuce's decoder. */
    private static final class BoundedReplies implements NettyCustomizer {
        @Override
        public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst("watchtower-reply-limit", new ReplyByteLimit(MAX_REPLY_BYTES));
        }
    }
}
