package io.watchtower.tower.redisqueue;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what one probe costs the server: commands (round trips) and their server-side time,
 * from INFO commandstats, for one stream with two consumer groups and one list. A measurement,
 * not a test of behaviour: run with {@code -Dprobe.cost=true}; it prints its figures.
 */
@EnabledIfSystemProperty(named = "probe.cost", matches = "true")
class RedisProbeCost {

    private static final int PROBES = 200;
    private static final Pattern STAT = Pattern.compile("cmdstat_([^:]+):calls=(\\d+),usec=(\\d+)");

    @Test
    void measure() {
        try (RedisServer redis = RedisServer.builder().maxMemory("64mb").start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                RedisCommands<String, String> admin = c.sync();
                for (String group : new String[] {"billing", "shipping"}) {
                    admin.xgroupCreate(XReadArgs.StreamOffset.from("orders", "0"), group, XGroupCreateArgs.Builder.mkstream());
                }
                for (int i = 0; i < 1000; i++) {
                    admin.xadd("orders", Map.of("n", Integer.toString(i)));
                    admin.rpush("jobs", "job-" + i);
                }
                admin.xreadgroup(Consumer.from("billing", "b1"), XReadArgs.Builder.count(10),
                        XReadArgs.StreamOffset.lastConsumed("orders"));
                try (TowerHarness h = TowerHarness.of(new RedisQueueTowerFactory(),
                        "interval = 10s\nservers = [\"127.0.0.1:" + redis.port() + "\"]\nstreams = [\"orders\"]\n"
                                + "lists = [\"jobs\"]", "", new FakeClock())) {
                    h.probe();
                    admin.configResetstat();
                    long clientNanos = 0;
                    for (int i = 0; i < PROBES; i++) {
                        h.probe();
                        clientNanos += h.lastResult().durationNanos();
                    }
                    long calls = 0;
                    long usec = 0;
                    StringBuilder detail = new StringBuilder();
                    for (String line : admin.info("commandstats").split("\r?\n")) {
                        Matcher m = STAT.matcher(line);
                        if (m.find() && !m.group(1).startsWith("config")) {
                            calls += Long.parseLong(m.group(2));
                            usec += Long.parseLong(m.group(3));
                            detail.append(String.format(Locale.ROOT, "    %-16s %.1f calls, %.1f us per probe%n", m.group(1),
                                    Long.parseLong(m.group(2)) / (double) PROBES, Long.parseLong(m.group(3)) / (double) PROBES));
                        }
                    }
                    System.out.printf(Locale.ROOT, "redis-queue probe cost over %d probes (1 stream with 2 groups, 1 list)%n", PROBES);
                    System.out.printf(Locale.ROOT, "  %.1f commands, %.1f us server-side per probe; whole probe client side %.3f ms%n",
                            calls / (double) PROBES, usec / (double) PROBES, clientNanos / 1e6 / PROBES);
                    System.out.print(detail);
                    assertThat(calls).isGreaterThan(0);
                }
            } finally {
                client.shutdown();
            }
        }
    }
}
