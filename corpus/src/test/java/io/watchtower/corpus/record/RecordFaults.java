package io.watchtower.corpus.record;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.DelayLine;
import io.watchtower.testkit.fixture.DelayingTcpProxy;
import io.watchtower.testkit.fixture.NetworkNamespace;
import io.watchtower.testkit.fixture.PostgresServer;
import io.watchtower.testkit.fixture.RedisServer;
import io.watchtower.tower.networkpath.NetworkPathTowerFactory;
import io.watchtower.tower.postgres.PostgresTowerFactory;
import io.watchtower.tower.redisqueue.RedisQueueTowerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records the corpus' real series: real towers probing real servers on this machine, once a second,
 * while faults are switched on and off; each recorded check becomes {@code NAME.csv} with the fault
 * windows as labels, and {@code index.csv} lists them. The four runs go in parallel:
 *
 * <ul>
 *   <li>PostgreSQL (a throwaway server) under a steady pgbench load; lock storms: a session takes
 *       {@code pgbench_branches} in ACCESS EXCLUSIVE mode and holds it, and the clients pile up
 *       behind it. Records {@code lock_waiters} and {@code longest_transaction}.</li>
 *   <li>Redis (a throwaway server): a producer adds 20 entries a second to a stream, a consumer
 *       group reads and acknowledges them; the consumer stalls. Records {@code group_lag}. The same
 *       server probed through the {@link DelayingTcpProxy}, which adds 5 ms each way in its fault
 *       windows: records {@code ping_time}.</li>
 *   <li>Loss: an echo listener in a network namespace behind a veth pair on 169.254.x.y; nftables
 *       in the namespace drops 30 % of the packets in the fault windows. network-path records
 *       {@code connect_failures} (as failures ÷ attempts) and {@code connect_time}.</li>
 *   <li>Delay: the {@link DelayLine} in front of a local listener adds 10 ms to every round trip in
 *       the fault windows: network-path records {@code connect_time}.</li>
 * </ul>
 *
 * Needs root, pgbench, redis-server, socat, nftables, python3 (what the test kit's fixtures need).
 * Usage: {@code corpus/record [PROBES] [OUT_DIR]}; 1200 probes (20 minutes) into the module's
 * {@code src/main/resources/recordings} by default.
 */
public final class RecordFaults {

    private static final long INTERVAL = 1000;

    private RecordFaults() {
    }

    /** @param args {@code [PROBES [OUT_DIR]]} */
    public static void main(String[] args) throws Exception {
        int probes = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].strip()) : 1200;
        Path out = Path.of(args.length > 1 ? args[1] : "src/main/resources/recordings");
        Files.createDirectories(out);
        List<Recording> all = new ArrayList<>();
        ExecutorService runs = Executors.newFixedThreadPool(4);
        List<Future<List<Recording>>> futures = List.of(
                runs.submit(() -> postgres(probes)),
                runs.submit(() -> redis(probes)),
                runs.submit(() -> loss(probes)),
                runs.submit(() -> delay(probes)));
        for (Future<List<Recording>> f : futures) {
            all.addAll(f.get());
        }
        runs.shutdown();
        StringBuilder index = new StringBuilder("name,family,traits\n");
        for (Recording r : all) {
            r.write(out);
            index.append(r.name).append(',').append(r.family).append(',').append(r.traits).append('\n');
            System.out.println(r.name + ": " + r.size() + " rows");
        }
        Files.writeString(out.resolve("index.csv"), index.toString(), StandardCharsets.UTF_8);
        System.exit(0);  // the fixtures' and clients' daemon threads
    }

    private static List<Recording> postgres(int probes) throws Exception {
        try (PostgresServer pg = PostgresServer.builder().maxConnections(40).setting("autovacuum", "off").start()) {
            String port = Integer.toString(pg.port());
            run("pgbench", "-i", "-q", "-s", "2", "-h", "127.0.0.1", "-p", port, "-U", PostgresServer.USER, "postgres");
            // a steady, rate-limited load that outlasts the recording
            Process load = new ProcessBuilder("pgbench", "-n", "-c", "6", "-j", "2", "-R", "60", "-T",
                    Long.toString(probes * INTERVAL / 1000 + 120), "-h", "127.0.0.1", "-p", port, "-U", PostgresServer.USER,
                    "postgres").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String target = "127.0.0.1:" + port;
            List<Recording> recs = List.of(
                    new Recording("pg-lock-storm-waiters", "rec-postgres", "stays-bad", target, "lock_waiters"),
                    new Recording("pg-lock-storm-transaction", "rec-postgres", "stays-bad", target, "longest_transaction"));
            Connection[] holder = new Connection[1];
            try (TowerHarness h = TowerHarness.of(new PostgresTowerFactory(), "interval = 1s\ntimeout = 900ms\nuser = "
                    + PostgresServer.USER + "\ndatabases = [postgres]\nservers = [\"" + target + "\"]", "", new FakeClock())) {
                new ProbeLoop(h, INTERVAL, new double[][] {{0.30, 0.37}, {0.52, 0.555}, {0.70, 0.80}, {0.88, 0.92}}, on -> {
                    if (on) {
                        holder[0] = DriverManager.getConnection(pg.jdbcUrl("postgres"), PostgresServer.USER, "");
                        holder[0].setAutoCommit(false);
                        try (Statement s = holder[0].createStatement()) {
                            s.execute("LOCK TABLE pgbench_branches IN ACCESS EXCLUSIVE MODE");
                        }
                    } else {
                        holder[0].rollback();
                        holder[0].close();
                    }
                }, recs).run(probes);
            } finally {
                load.destroy();
            }
            return recs;
        }
    }

    private static List<Recording> redis(int probes) throws Exception {
        try (RedisServer redis = RedisServer.builder().start();
             DelayingTcpProxy proxy = DelayingTcpProxy.to("127.0.0.1", redis.port())) {
            RedisClient client = RedisClient.create(redis.uri());
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicBoolean stalled = new AtomicBoolean(false);
            String stream = "corpus:jobs";
            try (StatefulRedisConnection<String, String> producer = client.connect();
                 StatefulRedisConnection<String, String> consumer = client.connect()) {
                RedisCommands<String, String> c = consumer.sync();
                c.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "workers", XGroupCreateArgs.Builder.mkstream());
                Thread produce = new Thread(() -> {
                    long n = 0;
                    while (running.get()) {
                        producer.sync().xadd(stream, Map.of("job", Long.toString(n++)));
                        sleep(50);
                    }
                }, "corpus-producer");
                Thread consume = new Thread(() -> {
                    while (running.get()) {
                        if (stalled.get()) {
                            sleep(100);
                            continue;
                        }
                        List<StreamMessage<String, String>> got = c.xreadgroup(Consumer.from("workers", "worker-1"),
                                XReadArgs.Builder.count(50), XReadArgs.StreamOffset.lastConsumed(stream));
                        for (StreamMessage<String, String> m : got) {
                            c.xack(stream, "workers", m.getId());
                        }
                        c.xtrim(stream, 5000);
                        sleep(200);
                    }
                }, "corpus-consumer");
                produce.start();
                consume.start();
                String direct = "127.0.0.1:" + redis.port();
                String proxied = "127.0.0.1:" + proxy.port();
                Recording lag = new Recording("redis-stalled-consumer-lag", "rec-redis", "stays-bad",
                        direct + "/stream:" + stream + "/group:workers", "group_lag");
                Recording ping = new Recording("redis-ping-delay", "rec-delay", "", proxied, "ping_time");
                ExecutorService two = Executors.newFixedThreadPool(2);
                try (TowerHarness h = TowerHarness.of(new RedisQueueTowerFactory(), "interval = 1s\ntimeout = 900ms\nservers = [\""
                        + direct + "\"]\nstreams = [\"" + stream + "\"]", "", new FakeClock());
                     TowerHarness p = TowerHarness.of(new RedisQueueTowerFactory(), "interval = 1s\ntimeout = 900ms\nservers = [\""
                             + proxied + "\"]", "", new FakeClock())) {
                    Future<?> a = two.submit(() -> {
                        new ProbeLoop(h, INTERVAL, new double[][] {{0.30, 0.36}, {0.55, 0.60}, {0.75, 0.85}},
                                stalled::set, List.of(lag)).run(probes);
                        return null;
                    });
                    Future<?> b = two.submit(() -> {
                        new ProbeLoop(p, INTERVAL, new double[][] {{0.35, 0.40}, {0.62, 0.72}, {0.85, 0.88}},
                                on -> proxy.setDelay(on ? Duration.ofMillis(5) : Duration.ZERO), List.of(ping)).run(probes);
                        return null;
                    });
                    a.get();
                    b.get();
                } finally {
                    running.set(false);
                    two.shutdown();
                    produce.join(2000);
                    consume.join(2000);
                }
                return List.of(lag, ping);
            } finally {
                client.shutdown();
            }
        }
    }

    private static List<Recording> loss(int probes) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            InetSocketAddress echo = ns.startEchoListener(7000);
            String target = echo.getAddress().getHostAddress() + ":" + echo.getPort();
            List<Recording> recs = List.of(
                    new Recording("netns-loss-failures", "rec-network", "", target, "connect_failures"),
                    new Recording("netns-loss-connect-time", "rec-network", "", target, "connect_time"));
            try (TowerHarness h = TowerHarness.of(new NetworkPathTowerFactory(), "interval = 1s\ntimeout = 900ms\nattempts = 10\n"
                    + "connect-timeout = 70ms\ntargets = [\"" + target + "\"]", "", new FakeClock())) {
                new ProbeLoop(h, INTERVAL, new double[][] {{0.32, 0.40}, {0.58, 0.62}, {0.80, 0.90}},
                        on -> ns.dropRandomly(on ? 30 : 0), recs).run(probes);
            }
            return recs;
        }
    }

    private static List<Recording> delay(int probes) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        s.getInputStream().read();
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "corpus-listener");
            accept.setDaemon(true);
            accept.start();
            try (DelayLine line = DelayLine.to(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), Duration.ZERO)) {
                String target = line.address().getAddress().getHostAddress() + ":" + line.address().getPort();
                Recording rec = new Recording("delay-line-connect-time", "rec-delay", "", target, "connect_time");
                try (TowerHarness h = TowerHarness.of(new NetworkPathTowerFactory(), "interval = 1s\ntimeout = 900ms\nattempts = 5\n"
                        + "connect-timeout = 150ms\ntargets = [\"" + target + "\"]", "", new FakeClock())) {
                    new ProbeLoop(h, INTERVAL, new double[][] {{0.33, 0.41}, {0.60, 0.64}, {0.78, 0.86}},
                            on -> line.setDelay(on ? Duration.ofMillis(10) : Duration.ZERO), List.of(rec)).run(probes);
                }
                return List.of(rec);
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
