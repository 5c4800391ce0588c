package io.watchtower.tower.redisqueue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce event loop of one tower, shared by its servers and started by the first probe: one
 * I/O thread, one computation thread and a one-second timer, however many servers the tower
 * watches.
 */
final class RedisClients implements AutoCloseable {

    private ClientResources resources;
    private HashedWheelTimer timer;
    private boolean closed;

    /**
     * A client with the tower's options: RESP2, no automatic reconnect (the next probe reconnects),
     * commands rejected while disconnected, and the given connect timeout. The command timeout is
     * the connection's ({@code RedisURI} timeout, which the synchronous API waits for); Lettuce's
     * timer-based command expiry stays off, so no timer thread wakes ten times a second between
     * probes.
     */
    synchronized RedisClient client(Duration connectTimeout) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (resources == null) {
            // Lettuce's own timer wheel ticks every 100 ms, work or not; nothing here needs finer
            // than a second from it (commands time out through the connection's timeout).
            timer = new HashedWheelTimer(new DefaultThreadFactory("lettuce-timer", true), 1, TimeUnit.SECONDS, 64);
            resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1)
                    .timer(timer).build();
        }
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build());
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (resources != null) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            resources = null;
            timer.stop();
            timer = null;
        }
    }
}
