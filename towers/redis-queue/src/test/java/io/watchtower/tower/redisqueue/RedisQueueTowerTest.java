package io.watchtower.tower.redisqueue;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The redis-queue tower against a real Redis: each fault is induced for real, must fire within a
 * few probes and resolve once cleared. The tower logs in as an ACL user that may run only the
 * read commands of the allow-list, and the server's ACL log must show it never tried anything else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisQueueTowerTest {

    static final RedisQueueTowerFactory FACTORY = new RedisQueueTowerFactory();
    static final String GLOBAL = "baseline.warm-up = 5";
    static final String TOWER_ACL = "on >tower-secret ~* resetchannels -@all +ping +info +xinfo|groups"
            + " +xinfo|consumers +xlen +llen +xpending +client|setname +select +auth";
    /** What the connection's handshake sends besides the facade's commands. */
    static final Set<String> HANDSHAKE = Set.of("auth", "client|setname", "select");

    private RedisServer redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> admin;

    @BeforeAll
    void start() throws Exception {
        // the tower's first connection of the JVM (shared event loops, class loading) is start-up:
        // none of these tests measures it
        LettuceWarmUp.once();
        redis = RedisServer.builder().maxMemory("16mb").start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        admin = connection.sync();
        allowTower(admin);
    }

    static void allowTower(RedisCommands<String, String> admin) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add("watchtower");
        for (String rule : TOWER_ACL.split(" ")) {
            args.add(rule);
        }
        admin.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
    }

    @AfterAll
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    static String server(RedisServer r) {
        return "127.0.0.1:" + r.port();
    }

    static String block(RedisServer r, String extra) {
        return "interval = 10s\ntimeout = 2s\nservers = [\"" + server(r) + "\"]\nusername = watchtower\n"
                + "password = \"tower-secret\"\n" + extra;
    }

    static TowerHarness harness(RedisServer r, String extra) {
        return TowerHarness.of(FACTORY, block(r, extra), GLOBAL, new FakeClock());
    }

    static Predicate<Signal> firing(String target, String check) {
        return s -> s.firing() && s.target().equals(target) && s.check().equals(check);
    }

    static Predicate<Signal> resolved(String target, String check) {
        return s -> !s.firing() && s.target().equals(target) && s.check().equals(check);
    }

    static Signal last(TowerHarness h, Predicate<Signal> which) {
        return h.signals().stream().filter(which).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aConsumerGroupWhoseConsumerStopsFiresNamingStreamAndGroup() {
        admin.xgroupCreate(XReadArgs.StreamOffset.from("orders", "$"), "workers",
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
        String group = server(redis) + "/stream:orders/group:workers";
        try (TowerHarness h = harness(redis, "streams = [\"orders\"]")) {
            for (int i = 0; i < 6; i++) {
                produce("orders", 5);
                consumeAll();
                h.probe();
            }
            assertThat(h.signals()).noneMatch(s -> s.firing() && s.target().equals(group));

            // the consumer stops; the producer goes on
            Integer fired = null;
            for (int i = 1; i <= 5 && fired == null; i++) {
                produce("orders", 20);
                if (h.probe().stream().anyMatch(firing(group, "group_lag"))) {
                    fired = i;
                }
            }
            assertThat(fired).as("group_lag fires within 5 probes").isNotNull();
            Signal signal = last(h, firing(group, "group_lag"));
            assertThat(signal.observed()).isGreaterThanOrEqualTo(40.0);
            assertThat(signal.context()).containsEntry("stream", "orders").containsEntry("group", "workers");
            assertThat(signal.summary()).contains("orders").contains("workers");

            consumeAll();
            boolean cleared = false;
            for (int i = 0; i < 6 && !cleared; i++) {
                produce("orders", 5);
                consumeAll();
                cleared = h.probe().stream().anyMatch(resolved(group, "group_lag"));
            }
            assertThat(cleared).as("group_lag resolves once the consumer catches up").isTrue();
        }
        assertTowerTriedNothingElse();
    }

    @Test
    void aStuckConsumerGroupStaysFiringWhileStuckAndResolvesWhenItCatchesUp() {
        admin.xgroupCreate(XReadArgs.StreamOffset.from("jobs", "$"), "stuck",
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
        String group = server(redis) + "/stream:jobs/group:stuck";
        try (TowerHarness h = harness(redis, "streams = [\"jobs\"]")) {
            for (int i = 0; i < 40; i++) {
                produce("jobs", 2);
                consumeAll("jobs", "stuck");
                h.probe();
            }
            // the consumer stops with 100 entries behind, and nothing moves: the lag is 100 probe after probe
            produce("jobs", 100);
            int resolvedWhileStuck = 0;
            boolean firing = false;
            for (int i = 0; i < 300; i++) {
                List<Signal> signals = h.probe();
                firing |= signals.stream().anyMatch(firing(group, "group_lag"));
                resolvedWhileStuck += (int) signals.stream().filter(resolved(group, "group_lag")).count();
            }
            assertThat(firing).as("group_lag fired").isTrue();
            assertThat(resolvedWhileStuck).as("group_lag resolved while the group stayed 100 behind").isZero();
            assertThat(h.series(group, "group_lag").orElseThrow().last().firing()).isTrue();

            consumeAll("jobs", "stuck");
            boolean cleared = false;
            for (int i = 0; i < 6 && !cleared; i++) {
                cleared = h.probe().stream().anyMatch(resolved(group, "group_lag"));
            }
            assertThat(cleared).as("group_lag resolves once the consumer catches up").isTrue();
        }
    }

    private void produce(String stream, int n) {
        for (int i = 0; i < n; i++) {
            admin.xadd(stream, Map.of("n", Integer.toString(i)));
        }
    }

    private void consumeAll() {
        consumeAll("orders", "workers");
    }

    private void consumeAll(String stream, String group) {
        List<StreamMessage<String, String>> read = admin.xreadgroup(Consumer.from(group, "worker-1"),
                XReadArgs.Builder.count(10_000), XReadArgs.StreamOffset.lastConsumed(stream));
        for (StreamMessage<String, String> m : read) {
            admin.xack(stream, group, m.getId());
        }
    }

    @Test
    void aGrowingListBacklogFires() {
        String list = server(redis) + "/list:jobs";
        try (TowerHarness h = harness(redis, "lists = [\"jobs\"]")) {
            for (int i = 0; i < 6; i++) {
                admin.rpush("jobs", "a", "b", "c");
                admin.lpop("jobs", 3);
                h.probe();
            }
            assertThat(h.signals()).noneMatch(s -> s.firing() && s.target().equals(list));
            Integer fired = null;
            for (int i = 1; i <= 5 && fired == null; i++) {
                admin.rpush("jobs", java.util.Collections.nCopies(30, "job").toArray(new String[0]));
                if (h.probe().stream().anyMatch(s -> s.firing() && s.target().equals(list))) {
                    fired = i;
                }
            }
            assertThat(fired).as("the backlog fires within 5 probes").isNotNull();
            assertThat(h.signals()).anyMatch(firing(list, "list_length"));
            assertThat(last(h, firing(list, "list_length")).context()).containsEntry("list", "jobs");

            admin.del("jobs");
            boolean cleared = false;
            for (int i = 0; i < 6 && !cleared; i++) {
                cleared = h.probe().stream().anyMatch(resolved(list, "list_length"));
            }
            assertThat(cleared).as("list_length resolves once drained").isTrue();
        }
        assertTowerTriedNothingElse();
    }

    @Test
    void listGrowthIsTheChangeOfTheLengthPerSecondNegativeWhileTheListDrains() {
        String list = server(redis) + "/list:growth";
        try (TowerHarness h = harness(redis, "lists = [\"growth\"]")) {
            admin.del("growth");
            h.probe();
            assertThat(h.series(list, "list_growth").orElseThrow().last().value())
                    .as("one length is no growth yet").isNaN();
            admin.rpush("growth", java.util.Collections.nCopies(50, "job").toArray(new String[0]));
            h.probe();
            // the harness's clock moves 10 s per probe: 50 more elements are 5 per second
            assertThat(h.series(list, "list_growth").orElseThrow().last().value()).isEqualTo(5.0);
            admin.lpop("growth", 30);
            h.probe();
            io.watchtower.runtime.series.SeriesView growth = h.series(list, "list_growth").orElseThrow();
            assertThat(growth.last().value()).as("a drain is a negative growth, not a reset").isEqualTo(-3.0);
            assertThat(growth.unit()).isEqualTo("per-second");
        } finally {
            admin.del("growth");
        }
        assertTowerTriedNothingElse();
    }

    @Test
    void keyspaceHitRatioIsJudgedOnTheLookupsSinceThePreviousProbeAndARestatIsAGap() {
        try (RedisServer alone = RedisServer.builder().start()) {
            RedisClient aloneClient = RedisClient.create(alone.uri());
            try (StatefulRedisConnection<String, String> c = aloneClient.connect();
                 TowerHarness h = harness(alone, "")) {
                allowTower(c.sync());
                String target = server(alone);
                c.sync().set("present", "1");
                assertThat(hitRatioAfter(h, c.sync(), target, 5, 5)).as("the first totals are no ratio yet").isNaN();
                assertThat(hitRatioAfter(h, c.sync(), target, 30, 10))
                        .as("30 hits out of 40 lookups since the previous probe").isEqualTo(0.75);
                assertThat(h.series(target, "keyspace_hit_ratio").orElseThrow().unit()).isEqualTo("ratio");

                c.sync().configResetstat();
                assertThat(hitRatioAfter(h, c.sync(), target, 1, 3)).as("totals that went down are a reset: a gap")
                        .isNaN();
                assertThat(hitRatioAfter(h, c.sync(), target, 9, 1)).isEqualTo(0.9);
            } finally {
                aloneClient.shutdown();
            }
        }
    }

    /** Looks keys up (each GET of "present" a hit, of "absent" a miss), probes, and returns the judged ratio. */
    private static double hitRatioAfter(TowerHarness h, RedisCommands<String, String> commands, String target, int hits,
                                        int misses) {
        for (int i = 0; i < hits; i++) {
            commands.get("present");
        }
        for (int i = 0; i < misses; i++) {
            commands.get("absent");
        }
        h.probe();
        return h.series(target, "keyspace_hit_ratio").orElseThrow().last().value();
    }

    @Test
    void memoryApproachingMaxmemoryFiresTheGuardrail() {
        String server = server(redis);
        try (TowerHarness h = harness(redis, "")) {
            h.probes(3);
            assertThat(h.signals()).noneMatch(firing(server, "memory_usage"));
            String mebibyte = "x".repeat(1024 * 1024);
            int keys = 0;
            while (usage() < 0.92) {
                admin.set("ballast:" + keys++, mebibyte);
            }
            assertThat(h.probesUntil(firing(server, "memory_usage"), 5)).isPresent();
            Signal signal = last(h, firing(server, "memory_usage"));
            assertThat(signal.kind()).isEqualTo(SignalKind.THRESHOLD);
            assertThat(signal.observed()).isGreaterThan(0.9);
            assertThat(signal.context().get("memory")).contains("of maxmemory 16.00M");

            for (int i = 0; i < keys; i++) {
                admin.del("ballast:" + i);
            }
            assertThat(h.probesUntil(resolved(server, "memory_usage"), 6)).isPresent();
        }
        assertTowerTriedNothingElse();
    }

    @Test
    void evictionsAreReportedAsATotalAndJudgedAsARatePerSecond() {
        try (RedisServer small = RedisServer.builder().maxMemory("4mb").maxMemoryPolicy("allkeys-lru").start()) {
            RedisClient smallClient = RedisClient.create(small.uri());
            try (StatefulRedisConnection<String, String> c = smallClient.connect();
                 TowerHarness h = harness(small, "")) {
                allowTower(c.sync());
                String target = server(small);
                h.probes(2);
                assertThat(h.series(target, "evictions").orElseThrow().last().value()).as("nothing evicted").isZero();
                String chunk = "x".repeat(64 * 1024);
                for (int i = 0; i < 200; i++) {
                    c.sync().set("filler:" + i, chunk);
                }
                double evicted = Info.parse(c.sync().info("stats")).number("evicted_keys").orElseThrow();
                assertThat(evicted).as("12.5 MiB into a 4 MiB server evicts").isPositive();
                h.probe();
                // the server may still evict a key in the background between these reads and the probe's
                double evictedAfter = Info.parse(c.sync().info("stats")).number("evicted_keys").orElseThrow();
                io.watchtower.runtime.series.SeriesView evictions = h.series(target, "evictions").orElseThrow();
                // the harness's clock moves 10 s per probe: the core divides the increase by it
                assertThat(evictions.last().value()).isBetween(evicted / 10.0, evictedAfter / 10.0);
                assertThat(evictions.unit()).isEqualTo("per-second");
            } finally {
                smallClient.shutdown();
            }
        }
    }

    private double usage() {
        Info info = Info.parse(admin.info("memory"));
        return info.number("used_memory").orElseThrow() / info.number("maxmemory").orElseThrow();
    }

    /** Lets the tower's ACL user in on a server of the test's own (a restart forgets it: no persistence). */
    private static void allowTower(RedisClient client) {
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            allowTower(c.sync());
        }
    }

    @Test
    void aStoppedServerIsUnreachableAndResolvesWhenItIsBack() {
        try (RedisServer alone = RedisServer.builder().start()) {
            RedisClient aloneClient = RedisClient.create(alone.uri());
            allowTower(aloneClient);
            try (TowerHarness h = harness(alone, "")) {
                assertThat(h.probes(3)).isEmpty();
                alone.stop();
                assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
                Signal down = last(h, s -> s.kind() == SignalKind.UNREACHABLE);
                assertThat(down.target()).isEqualTo(server(alone));
                assertThat(down.context().get("reason")).isNotBlank();

                alone.start();
                allowTower(aloneClient);
                assertThat(h.probesUntil(s -> !s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
            } finally {
                aloneClient.shutdown();
            }
        }
    }

    @Test
    void aServerThatStopsAnsweringIsUnreachableWithinTheProbeBudget() throws Exception {
        try (RedisServer alone = RedisServer.builder().start()) {
            RedisClient aloneClient = RedisClient.create(alone.uri());
            allowTower(aloneClient);
            try (TowerHarness h = harness(alone, "")) {
                assertThat(h.probes(2)).isEmpty();
                signal(alone.pid(), "STOP"); // the process is there and its socket accepts, but nothing answers
                try {
                    assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
                    // the tower's own deadline answered (1.8 s: the runtime's 2 s timeout less its
                    // reserve for reporting), not the runtime's timeout: on the open connection, and
                    // on reconnecting, where the handshake meets the silence. The probe is OK (the
                    // runtime did not time it out) and the tower says which wait of its own ran out
                    long towerBudget = io.watchtower.runtime.probe.RunningTower.towerBudget(Duration.ofSeconds(2)).toMillis();
                    java.util.regex.Pattern ownDeadline = java.util.regex.Pattern.compile("(no reply to PING|no connection to "
                            + java.util.regex.Pattern.quote(server(alone)) + ") within (\\d+) ms");
                    for (int i = 0; i < 3; i++) {
                        if (i > 0) {
                            h.probe();
                        }
                        io.watchtower.runtime.series.ProbeResult result = h.lastResult();
                        assertThat(result.outcome()).as("probe %d: %s", i, result)
                                .isEqualTo(io.watchtower.runtime.series.ProbeResult.Outcome.OK);
                        String reason = result.observations().stream()
                                .filter(o -> o.type() == io.watchtower.runtime.series.Observation.Type.UNREACHABLE)
                                .map(io.watchtower.runtime.series.Observation::state).findFirst().orElseThrow();
                        java.util.regex.Matcher m = ownDeadline.matcher(reason);
                        assertThat(m.find()).as("probe %d ends at a deadline of the tower's own: %s", i, reason).isTrue();
                        assertThat(Long.parseLong(m.group(2))).as("probe %d: %s", i, reason)
                                .isPositive().isLessThanOrEqualTo(towerBudget);
                    }
                } finally {
                    signal(alone.pid(), "CONT");
                }
                assertThat(h.probesUntil(s -> !s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
            } finally {
                aloneClient.shutdown();
            }
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }

    @Test
    void theFacadeRefusesWriteCommandsBeforeSendingThem() throws Exception {
        admin.configResetstat();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            ReadOnlyRedis facade = new ReadOnlyRedis(c).until(System.nanoTime() + Duration.ofSeconds(2).toNanos());
            for (CommandType write : List.of(CommandType.SET, CommandType.XADD, CommandType.DEL, CommandType.FLUSHALL,
                    CommandType.CONFIG, CommandType.XACK, CommandType.XGROUP, CommandType.EVAL, CommandType.LPOP)) {
                assertThatThrownBy(() -> facade.send(write, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).addKey("orders").add("x")))
                        .isInstanceOf(ReadOnlyRedis.ForbiddenCommandException.class)
                        .hasMessageContaining(write.name());
            }
            assertThat(facade.ping()).isEqualTo("PONG");
        }
        Set<String> seen = commandsSinceReset();
        assertThat(seen).as("commands the server saw").contains("ping")
                .doesNotContain("set", "xadd", "del", "flushall", "xack", "eval", "lpop")
                .noneMatch(name -> name.startsWith("xgroup"));
    }

    @Test
    void aWrongPasswordIsABlindSpotNamingTheRefusal() {
        // a server of its own: the refused AUTH lands in the ACL log the other tests read.
        // Every probe must tell the refusal apart, not only the first: Lettuce can report a refused
        // handshake as a connection closed prematurely (io.watchtower.net.LettuceHandshake.ATTEMPTS). A budget
        // far above the 2 s of the other tests: this test is about the refusal, not the deadline
        try (RedisServer alone = RedisServer.builder().start()) {
            RedisClient aloneClient = RedisClient.create(alone.uri());
            allowTower(aloneClient);
            aloneClient.shutdown();
            try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 10s\nservers = [\"" + server(alone)
                    + "\"]\nusername = watchtower\npassword = \"not-the-secret\"", GLOBAL, new FakeClock())) {
                for (int i = 0; i < 5; i++) {
                    h.probe();
                    io.watchtower.runtime.series.ProbeResult result = h.lastResult();
                    assertThat(result.outcome()).as("probe %d: %s %s", i, result, result.observations())
                            .isEqualTo(io.watchtower.runtime.series.ProbeResult.Outcome.FAILED);
                    assertThat(result.failure()).contains("Redis " + server(alone) + " refused", "WRONGPASS")
                            .doesNotContain("not-the-secret");
                }
            }
        }
    }

    @Test
    void theConfiguredDatabaseIsTheOneWatched() {
        admin.select(3);
        try {
            admin.rpush("db3-jobs", "a", "b", "c");
        } finally {
            admin.select(0);
        }
        try (TowerHarness h = harness(redis, "database = 3\nlists = [\"db3-jobs\"]")) {
            h.probe();
            assertThat(h.lastResult().outcome().name()).isEqualTo("OK");
            assertThat(h.lastResult().observations()).anySatisfy(o -> {
                assertThat(o.target()).isEqualTo(server(redis) + "/list:db3-jobs");
                assertThat(o.check()).isEqualTo("list_length");
                assertThat(o.value()).isEqualTo(3.0);
            });
        }
    }

    @Test
    void somethingElseOnThePortIsUnreachableNotACrash() throws Exception {
        try (java.net.ServerSocket impostor = new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
            // an HTTP server: it answers what the client sent first with a 400, then waits for the
            // client to hang up (an answer written before the client's first command would sit
            // unread in Lettuce's buffer, and the reason would depend on which arrived first)
            Thread answer = new Thread(() -> {
                while (!impostor.isClosed()) {
                    try (java.net.Socket s = impostor.accept()) {
                        s.setSoTimeout(5_000);
                        java.io.InputStream in = s.getInputStream();
                        if (in.read() < 0) {
                            continue;
                        }
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        while (in.read(new byte[256]) >= 0) {
                            // until the client hangs up
                        }
                    } catch (java.io.IOException e) {
                        // closed
                    }
                }
            });
            answer.setDaemon(true);
            answer.start();
            try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 2s\nservers = [\"127.0.0.1:"
                    + impostor.getLocalPort() + "\"]", GLOBAL, new FakeClock())) {
                assertThat(h.probesUntil(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE, 5)).isPresent();
                assertThat(last(h, s -> s.kind() == SignalKind.UNREACHABLE).context().get("reason"))
                        .contains("Invalid first byte: 72 (H)");
                assertThat(h.lastResult().durationNanos()).isLessThan(Duration.ofSeconds(2).toNanos());
            }
        }
    }

    @Test
    void probesSendOnlyAllowListedCommands() {
        admin.xgroupCreate(XReadArgs.StreamOffset.from("audit", "0"), "readers",
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
        admin.xadd("audit", Map.of("k", "v"));
        admin.xreadgroup(Consumer.from("readers", "r1"), XReadArgs.StreamOffset.lastConsumed("audit"));
        admin.rpush("audit-list", "x");
        admin.configResetstat();
        try (TowerHarness h = harness(redis, "streams = [\"audit\", \"missing\"]\nlists = [\"audit-list\"]")) {
            h.probes(4);
            assertThat(h.lastResult().outcome().name()).isEqualTo("OK");
        }
        Set<String> allowed = new TreeSet<>(HANDSHAKE);
        ReadOnlyRedis.ALLOWED.forEach(c -> allowed.add(c.name().toLowerCase(java.util.Locale.ROOT)));
        allowed.addAll(Set.of("xinfo|groups", "xinfo|consumers", "config|resetstat"));
        Set<String> seen = commandsSinceReset();
        assertThat(seen).as("INFO commandstats after four probes").contains("ping", "info", "xlen", "llen",
                "xinfo|groups", "xinfo|consumers", "xpending");
        assertThat(allowed).as("every command the tower sent is allow-listed").containsAll(seen);
        assertTowerTriedNothingElse();
    }

    /** Command names from INFO commandstats (the INFO call itself is counted after it answers). */
    private Set<String> commandsSinceReset() {
        Set<String> names = new TreeSet<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                names.add(line.substring("cmdstat_".length(), line.indexOf(':')));
            }
        }
        return names;
    }

    /** The ACL log records every command refused to the tower's user: there must be none. */
    private void assertTowerTriedNothingElse() {
        List<Object> log = admin.dispatch(CommandType.ACL, new io.lettuce.core.output.NestedMultiOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("LOG"));
        assertThat(log.stream().map(StreamReport::fields))
                .as("ACL denials").noneMatch(entry -> "watchtower".equals(entry.get("username")));
    }
}
