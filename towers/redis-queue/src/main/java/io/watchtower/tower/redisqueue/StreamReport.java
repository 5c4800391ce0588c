package io.watchtower.tower.redisqueue;

import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.GROUP_LAG;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.GROUP_PENDING;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.IDLE_CONSUMERS;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.OLDEST_PENDING_IDLE;
import static io.watchtower.tower.redisqueue.RedisQueueTowerFactory.STREAM_LENGTH;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per configured stream ({@code host:port/stream:<key>}): its length; per consumer group
 * ({@code host:port/stream:<key>/group:<name>}, at most {@link #MAX_GROUPS}): lag, pending
 * entries, the oldest pending entry's idle time and idle consumers. The stream and group names
 * are also in the context, so a signal names both.
 */
final class StreamReport {

    /** At most this many consumer groups per stream are reported. */
    static final int MAX_GROUPS = 32;

    private final String server;
    private final List<String> streams;
    private final long idleConsumerMillis;

    StreamReport(String server, List<String> streams, Duration idleConsumerAfter) {
        this.server = server;
        this.streams = List.copyOf(streams);
        this.idleConsumerMillis = idleConsumerAfter.toMillis();
    }

    void observe(ReadOnlyRedis redis, Observations out) throws IOException, RedisRefusal {
        for (String stream : streams) {
            String target = server + "/stream:" + stream;
            TargetObservations t = out.target(target).context("stream", stream);
            List<Object> groups;
            try {
                t.gauge(STREAM_LENGTH, redis.xlen(stream));
                groups = redis.xinfoGroups(stream);
            } catch (RedisRefusal e) {
                // no such key yet, or not a stream: the length says enough
                t.context("error", e.getMessage());
                continue;
            }
            int reported = 0;
            for (Object g : groups) {
                if (reported++ >= MAX_GROUPS) {
                    t.context("groups_not_reported", Integer.toString(groups.size() - MAX_GROUPS));
                    break;
                }
                Map<String, Object> group = fields(g);
                String name = String.valueOf(group.get("name"));
                TargetObservations gt = out.target(target + "/group:" + name).context("stream", stream)
                        .context("group", name);
                Object lag = group.get("lag");
                if (lag instanceof Number) {
                    gt.gauge(GROUP_LAG, ((Number) lag).doubleValue());
                } else {
                    gt.context("lag", "unknown (Redis older than 7.0, or entries deleted from the stream)");
                }
                long pending = number(group.get("pending"));
                gt.gauge(GROUP_PENDING, pending);
                gt.context("last_delivered_id", String.valueOf(group.get("last-delivered-id")));
                observeOldestPending(redis, stream, name, pending, gt);
                observeConsumers(redis, stream, name, gt);
            }
        }
    }

    private static void observeOldestPending(ReadOnlyRedis redis, String stream, String group, long pending,
                                             TargetObservations gt) throws IOException, RedisRefusal {
        if (pending == 0) {
            gt.gauge(OLDEST_PENDING_IDLE, 0);
            return;
        }
        List<Object> oldest = redis.oldestPending(stream, group);
        if (!oldest.isEmpty() && oldest.get(0) instanceof List<?> entry && entry.size() >= 4) {
            gt.gauge(OLDEST_PENDING_IDLE, number(entry.get(2)) / 1000.0);
            gt.context("oldest_pending_id", String.valueOf(entry.get(0)));
            gt.context("oldest_pending_consumer", String.valueOf(entry.get(1)));
            gt.context("oldest_pending_deliveries", String.valueOf(entry.get(3)));
        }
    }

    private void observeConsumers(ReadOnlyRedis redis, String stream, String group, TargetObservations gt)
            throws IOException, RedisRefusal {
        List<Object> consumers = redis.xinfoConsumers(stream, group);
        int idle = 0;
        StringBuilder names = new StringBuilder();
        for (Object c : consumers) {
            Map<String, Object> consumer = fields(c);
            // "inactive" (Redis 7.2+) is the time since the last successful read; "idle" since any interaction
            Object since = consumer.containsKey("inactive") ? consumer.get("inactive") : consumer.get("idle");
            long millis = number(since);
            if (millis < 0 || millis > idleConsumerMillis) {
                idle++;
                if (names.length() < 200) {
                    names.append(names.length() == 0 ? "" : ",").append(consumer.get("name"));
                }
            }
        }
        gt.gauge(IDLE_CONSUMERS, idle);
        gt.context("consumers", Integer.toString(consumers.size()));
        if (idle > 0) {
            gt.context("idle_consumers", names.toString());
        }
    }

    /** A RESP2 field/value list as a map. */
    static Map<String, Object> fields(Object reply) {
        Map<String, Object> map = new HashMap<>();
        if (reply instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                map.put(String.valueOf(list.get(i)), list.get(i + 1));
            }
        }
        return map;
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
