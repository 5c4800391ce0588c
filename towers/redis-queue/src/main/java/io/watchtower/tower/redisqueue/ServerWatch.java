package io.watchtower.tower.redisqueue;

import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.BLOCKED_CLIENTS;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.CONNECTED_CLIENTS;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.EVICTIONS;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.KEYSPACE_HIT_RATIO;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.LIST_GROWTH;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.LIST_LENGTH;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.MASTER_LINK_DOWN;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.MEMORY_USAGE;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.PING_TIME;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.REJECTED_CONNECTIONS;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.ROLE;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.USED_MEMORY;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Watches one Redis server: one connection, opened by the first probe and again after it breaks
 * (no background reconnects, no threads of its own), then PING, INFO, and the configured streams and lists.
 * INFO's eviction and rejection totals go to the core as counters, its keyspace hits and lookups
 * as ratio totals, and each list's length also as a signed counter: the core works out rates,
 * ratios and growth between two probes, so this class keeps no previous reading.
 */
final class ServerWatch implements AutoCloseable {

    private final String name;
    private final RedisConnector connector;
    private final List<String> lists;
    private final StreamReport streams;
    private final TowerClock clock;
    private ReadOnlyRedis redis;
    private boolean closed;

    ServerWatch(String name, RedisConnector connector, List<String> streams, List<String> lists, Duration idleConsumerAfter,
                TowerClock clock) {
        this.name = name;
        this.connector = connector;
        this.lists = List.copyOf(lists);
        this.streams = new StreamReport(name, streams, idleConsumerAfter);
        this.clock = clock;
    }

    /**
     * @param out where observations go
     * @param budget how long this server may take, connection included
     */
    void observe(Observations out, Duration budget) {
        TargetObservations server = out.target(name);
        long until = System.nanoTime() + budget.toNanos();
        try {
            ReadOnlyRedis r = connect(budget).until(until);
            long started = clock.nanoTime();
            r.ping();
            server.gauge(PING_TIME, (clock.nanoTime() - started) / 1e6);
            report(r.info(), server);
            streams.observe(r, out);
            observeLists(r, out);
        } catch (RedisRefusal e) {
            // the server answered with an error (an ACL without INFO, a renamed command, a wrong
            // password): the tower cannot see, which the core reports as a blind spot
            throw new IllegalStateException("Redis " + name + " refused a read command: " + e.getMessage(), e);
        } catch (IOException | io.lettuce.core.RedisException e) {
            // a broken connection, a missed deadline, a reply Lettuce cannot decode: start afresh
            disconnect();
            if (Thread.currentThread().isInterrupted()) {
                return; // the probe was cancelled: nothing to report
            }
            server.unreachable(describe(e));
        }
    }

    private void report(Info info, TargetObservations server) {
        String role = info.string("role");
        if (role != null) {
            boolean replica = role.equals("slave") || role.equals("replica");
            server.state(ROLE, replica ? "replica" : "primary");
            if (replica) {
                boolean up = "up".equals(info.string("master_link_status"));
                server.gauge(MASTER_LINK_DOWN, up ? 0 : 1);
                server.context("primary", info.string("master_host") + ":" + info.string("master_port"));
            }
        }
        double used = info.number("used_memory").orElse(Double.NaN);
        double max = info.number("maxmemory").orElse(0);
        if (Double.isFinite(used)) {
            server.gauge(USED_MEMORY, used);
            if (max > 0) {
                server.gauge(MEMORY_USAGE, used / max);
                server.context("memory", info.string("used_memory_human") + " of maxmemory "
                        + info.string("maxmemory_human") + " (" + info.string("maxmemory_policy") + ")");
            }
        }
        info.number("connected_clients").ifPresent(v -> server.gauge(CONNECTED_CLIENTS, v));
        info.number("blocked_clients").ifPresent(v -> server.gauge(BLOCKED_CLIENTS, v));
        info.number("evicted_keys").ifPresent(v -> server.counter(EVICTIONS, v));
        info.number("rejected_connections").ifPresent(v -> server.counter(REJECTED_CONNECTIONS, v));
        OptionalDouble hits = info.number("keyspace_hits");
        OptionalDouble misses = info.number("keyspace_misses");
        if (hits.isPresent() && misses.isPresent()) {
            long h = (long) hits.getAsDouble();
            server.ratioTotals(KEYSPACE_HIT_RATIO, h, h + (long) misses.getAsDouble());
        }
    }

    private void observeLists(ReadOnlyRedis r, Observations out) throws IOException {
        for (String list : lists) {
            TargetObservations t = out.target(name + "/list:" + list);
            t.context("list", list);
            long length;
            try {
                length = r.llen(list);
            } catch (RedisRefusal e) {
                t.context("error", describe(e));
                continue;
            }
            t.gauge(LIST_LENGTH, length);
            t.counter(LIST_GROWTH, length);
        }
    }

    /**
     * The open connection, or a new one: TCP (and TLS), then the handshake, all within the
     * budget, so a server that accepts but never answers costs one budget, not several.
     */
    private ReadOnlyRedis connect(Duration budget) throws IOException, RedisRefusal {
        synchronized (this) {
            if (closed) {
                throw new IOException("closed");
            }
            if (redis != null && redis.isOpen()) {
                return redis;
            }
        }
        ReadOnlyRedis fresh = connector.connect(budget);
        synchronized (this) {
            if (closed) {
                fresh.close();
                throw new IOException("closed");
            }
            redis = fresh;
            return redis;
        }
    }

    private synchronized void disconnect() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : e.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }

    /** Closes the connection and the client; a command waiting on the probe thread fails at once. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        disconnect();
        connector.close();
    }

    @Override
    public String toString() {
        return "ServerWatch[" + connector + "]";
    }

}
