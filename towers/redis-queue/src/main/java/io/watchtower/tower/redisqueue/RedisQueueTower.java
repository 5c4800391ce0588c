package io.watchtower.tower.redisqueue;

import io.watchtower.spi.Observations;
import io.watchtower.spi.Tower;

import java.util.List;

/**
 * Looks at each configured server in turn; each bounds its own calls to an even share of the time
 * left before the probe's deadline.
 */
final class RedisQueueTower implements Tower {

    private final List<ServerWatch> servers;

    RedisQueueTower(List<ServerWatch> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public void observe(Observations out) {
        IllegalStateException failure = null;
        int left = servers.size();
        for (ServerWatch server : servers) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                server.observe(out, out.deadline().share(left--));
            } catch (IllegalStateException e) {
                // the other servers are still observed; then the probe fails (a blind spot)
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        for (ServerWatch server : servers) {
            server.close();
        }
    }

    @Override
    public String toString() {
        return "RedisQueueTower" + servers;
    }
}
