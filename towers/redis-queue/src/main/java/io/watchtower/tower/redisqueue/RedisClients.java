package io.watchtower.tower.redisqueue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Lettuce event loop of one tower, shared by its servers and started by the first probe: one
 * I/O thread and one computation thread, however many servers the tower watches.
 */
final class RedisClients implements AutoCloseable {

    private ClientResources resources;
    private boolean closed;

    /**
     * A client with the tower's options: RESP2, no automatic reconnect (the next probe reconnects),
     * commands rejected while disconnected, and the given timeouts.
     */
    synchronized RedisClient client(Duration connectTimeout, Duration commandTimeout) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (resources == null) {
            resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        }
        RedisClient client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .protocolVersion(ProtocolVersion.RESP2)
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout))
                .build());
        return client;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (resources != null) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            resources = null;
        }
    }
}
