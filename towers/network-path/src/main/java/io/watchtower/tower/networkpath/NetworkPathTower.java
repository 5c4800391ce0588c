package io.watchtower.tower.networkpath;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/** Opens and closes one TCP connection per target per probe, timing the handshake. */
final class NetworkPathTower implements Tower {

    private final List<Target> targets;
    private final Duration connectTimeout;
    private final TowerClock clock;

    NetworkPathTower(List<Target> targets, Duration connectTimeout, TowerClock clock) {
        this.targets = List.copyOf(targets);
        this.connectTimeout = connectTimeout;
        this.clock = clock;
    }

    @Override
    public void observe(Observations out) throws IOException {
        for (Target target : targets) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            TargetObservations t = out.target(target.name());
            InetAddress address;
            try {
                address = InetAddress.getByName(target.host());
            } catch (UnknownHostException e) {
                t.unreachable("cannot resolve " + target.host());
                t.ratio(NetworkPathTowerFactory.CONNECT_FAILURES, 1, 1);
                continue;
            }
            try {
                double millis = connect(new InetSocketAddress(address, target.port()));
                t.gauge(NetworkPathTowerFactory.CONNECT_TIME, millis);
                t.ratio(NetworkPathTowerFactory.CONNECT_FAILURES, 0, 1);
            } catch (ClosedByInterruptException e) {
                return;
            } catch (IOException e) {
                t.unreachable(describe(e));
                t.ratio(NetworkPathTowerFactory.CONNECT_FAILURES, 1, 1);
            }
        }
    }

    private double connect(InetSocketAddress address) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            long started = clock.nanoTime();
            if (!channel.connect(address)) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                long deadline = started + connectTimeout.toNanos();
                while (true) {
                    long left = deadline - clock.nanoTime();
                    if (left <= 0) {
                        throw new IOException("connect timed out after " + connectTimeout.toMillis() + " ms");
                    }
                    selector.select(Math.max(1, left / 1_000_000));
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ClosedByInterruptException();
                    }
                    if (!selector.selectedKeys().isEmpty() && channel.finishConnect()) {
                        break;
                    }
                    selector.selectedKeys().clear();
                }
            }
            return (clock.nanoTime() - started) / 1e6;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return message == null ? "connection refused" : message.toLowerCase(java.util.Locale.ROOT);
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
