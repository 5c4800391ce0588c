package io.watchtower.testkit;

import io.watchtower.spi.Check;
import io.watchtower.spi.Observations;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** Tower types that break the contract, to show that the compatibility kit notices. */
final class MisbehavingTowers {

    private MisbehavingTowers() {
    }

    /** Base: one gauge, one target read from {@code targets}. */
    abstract static class Base implements TowerFactory {
        @Override
        public String description() {
            return "breaks the contract on purpose";
        }

        @Override
        public List<Check> checks() {
            return List.of(Check.gauge("seen").describedAs("1 when it looked"));
        }

        @Override
        public int spiVersion() {
            return SpiVersion.CURRENT;
        }
    }

    /** Opens a socket and starts a thread on every probe, and releases neither on close. */
    static final class Leaky extends Base {
        @Override
        public String type() {
            return "leaky";
        }

        @Override
        public Tower create(TowerContext context) {
            String target = context.settings().stringList("targets").get(0);
            List<Socket> sockets = new ArrayList<>();
            CountDownLatch never = new CountDownLatch(1);
            return new Tower() {
                @Override
                public void observe(Observations out) throws IOException {
                    int colon = target.lastIndexOf(':');
                    sockets.add(new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))));
                    Thread worker = new Thread(() -> {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "leaky-worker");
                    worker.setDaemon(true);
                    worker.start();
                    out.target(target).gauge("seen", 1);
                }

                @Override
                public void close() {
                    // forgets its socket and its thread
                }
            };
        }
    }

    /** Logs its password on every probe. */
    static final class Blabbing extends Base {
        @Override
        public String type() {
            return "blabbing";
        }

        @Override
        public Set<String> sensitiveKeys() {
            return Set.of("password");
        }

        @Override
        public Tower create(TowerContext context) {
            String target = context.settings().stringList("targets").get(0);
            String password = context.settings().secret("password").orElse("");
            return out -> {
                context.logger().debug("logging in to " + target + " with password " + password);
                out.target(target).gauge("seen", 1);
            };
        }
    }
}
