package io.watchtower.tower.postgres;

import io.watchtower.spi.Observations;
import io.watchtower.spi.Tower;

import java.util.List;

/**
 * Looks at each configured server in turn; each bounds its own calls to an even share of the time
 * left before the probe's deadline.
 */
final class PostgresTower implements Tower {

    private final List<ServerProbe> servers;

    PostgresTower(List<ServerProbe> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public void observe(Observations out) {
        IllegalStateException failure = null;
        int left = servers.size();
        for (ServerProbe server : servers) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                server.observe(out, out.deadline().share(left--));
            } catch (IllegalStateException e) {
                // a query the tower cannot run (privileges, an unsupported version): the other
                // servers are still observed, then the probe fails and the core reports a blind spot
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
        for (ServerProbe server : servers) {
            server.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresTower" + servers;
    }
}
