package io.watchtower.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request and its answer on a fresh connection, on the shared event loops
 * ({@link EventLoops#shared()}), while the calling thread waits with one deadline: the connection,
 * the TLS handshake (when given a {@link ClientTls}) and the conversation. The deadline is
 * scheduled on the channel's own loop, so a peer that accepts and then says nothing is ended there;
 * the caller waits at most a second longer for that to be reported. The connection is closed when
 * the call returns, however it ends.
 *
 * <p>Resolve the host first, within the same deadline, with a {@link BoundedResolver}.
 */
public final class OneShotExchange {

    /** How long past its deadline the caller waits for the event loop to report. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private OneShotExchange() {
    }

    /**
     * What is said on the connection; every method but {@link #result()} is called on its event loop.
     *
     * @param <T> what the conversation yields
     */
    public interface Conversation<T> {

        /**
         * Adds the protocol's handlers (above TLS, when there is TLS).
         *
         * @param pipeline the new channel's pipeline
         */
        void initChannel(ChannelPipeline pipeline);

        /**
         * The connection is open (the TLS handshake may still be running).
         *
         * @param channel the connection
         */
        default void connected(Channel channel) {
        }

        /**
         * The connection could not be opened.
         *
         * @param cause why
         */
        void connectFailed(Throwable cause);

        /** The deadline passed: whatever has not completed fails now. */
        void expire();

        /** @return completed once, with what the conversation yields or why it failed */
        CompletableFuture<T> result();
    }

    /**
     * @param address where to connect, resolved
     * @param host the host name the URL named, for SNI and the certificate's name
     * @param tls the TLS client side, or null for plain TCP
     * @param timeoutNanos the time left for the whole exchange
     * @param conversation what to say and how to read the answer
     * @param <T> what the conversation yields
     * @return what the conversation yielded
     * @throws ExecutionException when the conversation failed (its cause says why)
     * @throws TimeoutException when not even the expiry was reported in time
     * @throws InterruptedException when the caller was interrupted
     */
    public static <T> T run(InetSocketAddress address, String host, ClientTls tls, long timeoutNanos,
                            Conversation<T> conversation)
            throws ExecutionException, TimeoutException, InterruptedException {
        long left = Math.max(1, timeoutNanos);
        long deadline = System.nanoTime() + left;
        Bootstrap bootstrap = new Bootstrap().group(EventLoops.shared()).channel(EventLoops.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                // the deadline ends a connect first; this only keeps a socket from outliving it
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        TimeUnit.NANOSECONDS.toMillis(left + GRACE_NANOS)))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, address.getPort()));
                        }
                        conversation.initChannel(ch.pipeline());
                    }
                });
        ChannelFuture connect = bootstrap.connect(address);
        Channel channel = connect.channel();
        ScheduledFuture<?> expiry = channel.eventLoop().schedule(conversation::expire,
                Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        connect.addListener(f -> {
            if (f.isSuccess()) {
                conversation.connected(channel);
            } else {
                conversation.connectFailed(f.cause());
            }
        });
        try {
            return conversation.result().get(Math.max(1, deadline - System.nanoTime()) + GRACE_NANOS,
                    TimeUnit.NANOSECONDS);
        } finally {
            expiry.cancel(false);
            channel.close(); // done already, or cancelled: either way this connection has nothing more to say
        }
    }
}
