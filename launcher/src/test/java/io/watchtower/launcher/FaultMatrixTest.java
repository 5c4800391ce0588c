package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.HeapExhaustionGuard;
import io.watchtower.runtime.journal.SmallTmpfs;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.fixture.OversizedReplyServer;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix: a real daemon process under one fault at a time — target down, silent, resetting,
 * sending garbage or hostile lengths (before and after login); fleet registry down; alert channel
 * down; SIGKILL while signals are written; a full state disk; a wall-clock step; corrupt state; a
 * bad configuration; a heap that really fills up. Each row counts the signals the fault had to
 * produce (tried), those that reached the alert channel (held) and those that did not (lost), and
 * whether the daemon crashed or stopped answering {@code /health}. The table is printed and written to
 * {@code launcher/target/fault-matrix.md}; docs/operations.md shows it.
 *
 * <p>The rows run side by side: each starts its own daemon, with its own API port, state folder and
 * targets, and mostly waits on it.
 *
 * <p>Run alone: {@code mvn -B -pl launcher -am verify -Dtest=FaultMatrixTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Execution(ExecutionMode.CONCURRENT)
class FaultMatrixTest {

    private static final FaultTable TABLE = new FaultTable();
    private static final Duration SIGNAL_WAIT = Duration.ofSeconds(30);
    /** The systemd unit's JVM options (40 MiB heap): a reply that could exhaust this heap would end the process. */
    private static final List<String> UNIT_JVM = HostileTargetTest.unitJvmOptions();

    @AfterAll
    static void printTable() throws IOException {
        TABLE.write(Path.of("target", "fault-matrix.md"));
        System.out.println("fault matrix:\n" + TABLE.render());
    }

    private static String config(Path dir, int apiPort, String towers, String channels, String extra) {
        return "watchtower {\n"
                + "  host = \"matrix-host\"\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  api.listen = \"127.0.0.1:" + apiPort + "\"\n"
                + "  baseline.warm-up = 5\n"
                + "  baseline.fire { after = 2, of = 3 }\n"
                + "  baseline.resolve-after = 2\n"
                + "  snapshot-interval = 1s\n"
                + "  shutdown-timeout = 3s\n"
                + "  escalation.group-wait = 0s\n"
                + "  delivery { retry-min = 200ms, retry-max = 1s, timeout = 2s }\n"
                + "  channels = [ { type = file, path = \"" + dir.resolve("signals.jsonl") + "\" }" + channels + " ]\n"
                + extra
                + "  towers {\n" + towers + "\n  }\n"
                + "}\n";
    }

    private static String pathTower(int port) {
        return "    path { type = network-path, component = app, interval = 1s, jitter = 0, backoff.max = 1s, "
                + "targets = [\"127.0.0.1:" + port + "\"] }";
    }

    private static String postgresTower(int port) {
        return "    db { type = postgres, component = db, interval = 2s, timeout = 1s, jitter = 0, backoff.max = 1s, "
                + "servers = [\"127.0.0.1:" + port + "\"], user = postgres, database = postgres }";
    }

    private static String redisTower(int port) {
        return "    queue { type = redis-queue, component = queue, interval = 2s, timeout = 1s, jitter = 0, backoff.max = 1s, "
                + "servers = [\"127.0.0.1:" + port + "\"] }";
    }

    /** Polls /health every 250 ms while a scenario runs; a poll unanswered within 5 s is a hang. */
    private static final class HealthWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger hangs = new AtomicInteger();
        private final Thread thread;

        HealthWatch(DaemonProcess daemon) {
            thread = new Thread(() -> {
                while (running.get() && daemon.alive()) {
                    try {
                        if (daemon.get("/health").statusCode() != 200 && daemon.alive()) {
                            hangs.incrementAndGet();
                        }
                    } catch (IOException e) {
                        if (running.get() && daemon.alive()) {
                            hangs.incrementAndGet();
                        }
                    }
                    try {
                        TimeUnit.MILLISECONDS.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "health-watch");
            thread.setDaemon(true);
            thread.start();
        }

        int hangs() {
            return hangs.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    private static List<Signal> delivered(Path dir) {
        return DaemonProcess.signals(dir.resolve("signals.jsonl"));
    }

    private static List<Signal> towerSignals(Path dir, String tower, String state) {
        return delivered(dir).stream()
                .filter(s -> s.tower().id().equals(tower) && s.state().wireName().equals(state)
                        && (s.kind() == SignalKind.UNREACHABLE || s.kind() == SignalKind.BLIND_SPOT))
                .collect(Collectors.toList());
    }

    /** A target that misbehaves from the start: its tower must fire, the daemon must live and answer. */
    private static void misbehavingTarget(Path dir, String fault, String tower,
                                          String towerBlock, List<String> jvm) throws Exception {
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort, towerBlock, "", ""));
        int crashes = 0;
        int hangs;
        int held;
        try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir, List.of(), jvm);
             HealthWatch health = new HealthWatch(daemon)) {
            try {
                daemon.await(tower + " fires", SIGNAL_WAIT, () -> !daemon.alive() || !towerSignals(dir, tower, "firing").isEmpty());
            } finally {
                health.close();
            }
            // let it probe on for a while: a daemon that dies a few probes later has not held
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (daemon.alive() && System.nanoTime() < until) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            if (!daemon.alive()) {
                crashes = 1;
            }
            hangs = health.hangs();
            held = Math.min(1, towerSignals(dir, tower, "firing").size());
            TABLE.add(new FaultTable.Row(fault, tower + " fires unreachable or blind-spot; daemon lives",
                    1, held, crashes, hangs));
            assertThat(crashes).as("daemon crashed:\n" + daemon.log()).isZero();
            assertThat(hangs).as("/health went unanswered").isZero();
            assertThat(held).as("the tower's firing reached the channel").isEqualTo(1);
        }
    }

    @Test
    void targetSilent(@TempDir Path dir) throws Exception {
        try (HostileTarget target = new HostileTarget(HostileTarget.Mode.SILENT)) {
            misbehavingTarget(dir, "target accepts and never answers (PostgreSQL tower)", "db",
                    postgresTower(target.port()), UNIT_JVM);
        }
    }

    @Test
    void targetResets(@TempDir Path dir) throws Exception {
        try (HostileTarget target = new HostileTarget(HostileTarget.Mode.RESET)) {
            misbehavingTarget(dir, "target resets every connection (PostgreSQL tower)", "db",
                    postgresTower(target.port()), UNIT_JVM);
        }
    }

    @Test
    void targetSendsGarbage(@TempDir Path dir) throws Exception {
        try (HostileTarget target = new HostileTarget(HostileTarget.Mode.GARBAGE)) {
            misbehavingTarget(dir, "target sends 64 KiB of random bytes (redis-queue tower)",
                    "queue", redisTower(target.port()), UNIT_JVM);
        }
    }

    /**
     * A server that accepts the login and answers every query with a 2 GiB column, under the unit's
     * JVM options, next to a real PostgreSQL: the hostile one fires, the real one is still probed.
     */
    @Test
    void targetAnswersAQueryWithAHugeColumn(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        // 3 s, not 1 s: the machine's PostgreSQL serves every build on it, and at load 24 a 0.9 s
        // connect missed its deadline without any help from the hostile server; a daemon stalled by
        // the 2 GiB column would still miss 3 s
        String real = "    real { type = postgres, component = real-db, interval = 3s, timeout = 3s, jitter = 0, "
                + "backoff.max = 3s, servers = [\"127.0.0.1:5432\"], user = postgres, database = postgres }";
        // the row's message claims only its header: past the driver's maxResultBuffer, the driver
        // really asks for the 2 GiB column, and that failed allocation must stay this tower's
        try (OversizedReplyServer target = OversizedReplyServer.afterLogin(OversizedReplyServer.RowLength.COLUMN)) {
            Files.writeString(file, config(dir, apiPort, postgresTower(target.port()) + "\n" + real, "", ""));
            try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir, List.of(), UNIT_JVM);
                 HealthWatch health = new HealthWatch(daemon)) {
                daemon.await("the real PostgreSQL on 127.0.0.1:5432 is probed (the suite needs it: "
                        + ".ci/install-test-deps.sh starts it)", SIGNAL_WAIT,
                        () -> !daemon.alive() || samples(daemon, "round_trip_time") >= 2);
                daemon.await("db fires after an oversized row", SIGNAL_WAIT,
                        () -> !daemon.alive() || (!towerSignals(dir, "db", "firing").isEmpty()
                                && target.oversizedRows() >= 1));
                long realSamples = samples(daemon, "round_trip_time");
                daemon.await("the real PostgreSQL is still probed", SIGNAL_WAIT,
                        () -> !daemon.alive() || samples(daemon, "round_trip_time") >= realSamples + 3);
                health.close();
                int crashes = daemon.alive() ? 0 : 1;
                int held = Math.min(1, towerSignals(dir, "db", "firing").size());
                TABLE.add(new FaultTable.Row("target accepts the login and answers each query with a 2 GiB column "
                        + "(PostgreSQL tower, unit JVM options, a real PostgreSQL beside it)",
                        "db fires unreachable or blind-spot; the real one is still probed; daemon lives",
                        1, held, crashes, health.hangs()));
                assertThat(crashes).as("daemon crashed:\n" + daemon.log()).isZero();
                assertThat(health.hangs()).isZero();
                assertThat(held).isEqualTo(1);
                assertThat(towerSignals(dir, "real", "firing")).as("the real PostgreSQL never failed").isEmpty();
                assertThat(daemon.stop()).isZero();
            }
        }
    }

    private static long samples(DaemonProcess daemon, String check) {
        try {
            return daemon.samples(check);
        } catch (IOException e) {
            return 0;
        }
    }

    /** A tower that leaks until the heap is really full: the heap guard ends the daemon with its exit code. */
    @Test
    void heapReallyExhausted(@TempDir Path dir) throws Exception {
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort,
                "    hoard { type = hoard, component = leak, interval = 1s, jitter = 0, backoff.max = 1s }", "", ""));
        Path services = HoardingTowerFactory.servicesDirectory(Files.createDirectories(dir.resolve("hoard")));
        try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir, List.of(), UNIT_JVM, List.of(services))) {
            int code = daemon.awaitExit(Duration.ofSeconds(90));
            boolean told = code == HeapExhaustionGuard.EXIT_CODE && daemon.log().contains(HeapExhaustionGuard.LOG_LINE);
            TABLE.add(new FaultTable.Row("heap really exhausted (a test tower keeps 4 MiB more at every probe, "
                    + "unit JVM options)", "daemon exits " + HeapExhaustionGuard.EXIT_CODE + " with a \"heap exhausted\" "
                    + "line, for systemd to restart it", 1, told ? 1 : 0, told ? 0 : 1, 0));
            assertThat(code).as(daemon.log()).isEqualTo(HeapExhaustionGuard.EXIT_CODE);
            assertThat(daemon.log()).contains(HeapExhaustionGuard.LOG_LINE + ": the ");
        }
    }

    @Test
    void targetAnnouncesAHugeReply(@TempDir Path dir) throws Exception {
        try (OversizedReplyServer target = OversizedReplyServer.start()) {
            misbehavingTarget(dir, "target announces a 2 GiB reply and drips it (PostgreSQL tower, unit JVM options)",
                    "db", postgresTower(target.port()), UNIT_JVM);
        }
    }

    /** Takes a listener down and back up; returns the ids of the unreachable firing and resolve seen in the file channel. */
    private static Set<String> downAndUp(DaemonProcess daemon, Path dir, Listener[] listener, int port) throws Exception {
        daemon.await("the path series is past warm-up", SIGNAL_WAIT, () -> warm(daemon));
        listener[0].close();
        daemon.await("unreachable fires", SIGNAL_WAIT, () -> !towerSignals(dir, "path", "firing").isEmpty());
        listener[0] = rebind(port);
        daemon.await("unreachable resolves", SIGNAL_WAIT, () -> !towerSignals(dir, "path", "resolved").isEmpty());
        Set<String> ids = new LinkedHashSet<>();
        towerSignals(dir, "path", "firing").forEach(s -> ids.add(s.id()));
        towerSignals(dir, "path", "resolved").forEach(s -> ids.add(s.id()));
        return ids;
    }

    /**
     * Listens on the port again, as a restarted service would: retrying for up to 2 s while a
     * connection that just ended still holds the port (a TIME-WAIT would hold it for a minute).
     */
    private static Listener rebind(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (true) {
            try {
                return new Listener(port);
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static boolean warm(DaemonProcess daemon) {
        try {
            return daemon.samples("connect_time") >= 5;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void targetDown(@TempDir Path dir) throws Exception {
        targetDownAndUp(dir, "target down, then back", "unreachable fires, then resolves", "");
    }

    @Test
    void registryDown(@TempDir Path dir) throws Exception {
        String registry = "  registry.postgres.url = \"jdbc:postgresql://127.0.0.1:" + Ports.free() + "/registry\"\n";
        targetDownAndUp(dir, "fleet registry (PostgreSQL) down throughout",
                "target down/up signals still reach the channel", registry);
    }

    /** A network-path target goes down and comes back; both signals must reach the file channel. */
    private static void targetDownAndUp(Path dir, String fault, String expectation, String extra) throws Exception {
        Listener[] listener = {new Listener(0)};
        int port = listener[0].port();
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort, pathTower(port), "", extra));
        try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir);
             HealthWatch health = new HealthWatch(daemon)) {
            Set<String> ids = downAndUp(daemon, dir, listener, port);
            health.close();
            TABLE.add(new FaultTable.Row(fault, expectation, 2, Math.min(2, ids.size()), daemon.alive() ? 0 : 1,
                    health.hangs()));
            assertThat(ids).hasSize(2);
            assertThat(health.hangs()).isZero();
        } finally {
            listener[0].close();
        }
    }

    /**
     * The state dir on a real 2 MiB tmpfs, filled while the target goes down and comes back: the
     * daemon is not ready meanwhile, holds both signals, and journals and delivers them once space returns.
     */
    @Test
    void stateDiskFull(@TempDir Path dir) throws Exception {
        Listener[] listener = {new Listener(0)};
        int port = listener[0].port();
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort, pathTower(port), "", ""));
        try (SmallTmpfs disk = SmallTmpfs.mount(dir.resolve("state"), "2m");
             DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir);
             HealthWatch health = new HealthWatch(daemon)) {
            daemon.await("the path series is past warm-up", SIGNAL_WAIT, () -> warm(daemon));
            disk.fill();
            listener[0].close();
            daemon.await("/ready says 503 while signals cannot be written", SIGNAL_WAIT,
                    () -> status(daemon, "/ready") == 503);
            daemon.await("the firing is held", SIGNAL_WAIT, () -> heldSignals(daemon) >= 1);
            listener[0] = rebind(port);
            daemon.await("the resolution is held too", SIGNAL_WAIT, () -> heldSignals(daemon) >= 2);
            assertThat(towerSignals(dir, "path", "firing")).as("nothing delivered that was not journaled").isEmpty();
            disk.free();
            daemon.await("both reach the channel once space returns", SIGNAL_WAIT,
                    () -> !towerSignals(dir, "path", "resolved").isEmpty());
            daemon.await("ready again", SIGNAL_WAIT, () -> status(daemon, "/ready") == 200);
            health.close();
            Set<String> delivered = new LinkedHashSet<>();
            towerSignals(dir, "path", "firing").forEach(sig -> delivered.add(sig.id()));
            towerSignals(dir, "path", "resolved").forEach(sig -> delivered.add(sig.id()));
            Set<String> held = new HashSet<>(journalIds(dir));
            held.retainAll(delivered);
            TABLE.add(new FaultTable.Row("state disk full (2 MiB tmpfs) while the target goes down and comes back",
                    "/ready 503 meanwhile; both signals journaled and delivered when space returns", 2, held.size(),
                    daemon.alive() ? 0 : 1, health.hangs()));
            assertThat(held).hasSize(2);
            assertThat(health.hangs()).isZero();
        } finally {
            listener[0].close();
        }
    }

    private static int status(DaemonProcess daemon, String path) {
        try {
            return daemon.get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    /** @return {@code watchtower_journal_held_signals} from /metrics: signals made but not yet journaled */
    private static double heldSignals(DaemonProcess daemon) {
        try {
            for (String line : daemon.get("/metrics").body().split("\n")) {
                if (line.startsWith("watchtower_journal_held_signals ")) {
                    return Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip());
                }
            }
            return 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The daemon's wall clock steps two days forward while a firing is five seconds old (the
     * process's clock reads its offset from a file the test rewrites; its monotonic clock is the
     * system's): the firing is neither re-paged nor escalated, and its resolution says how long it
     * really fired.
     */
    @Test
    void wallClockStepsForward(@TempDir Path dir) throws Exception {
        Path offset = dir.resolve("clock-offset");
        Files.writeString(offset, "PT0S\n");
        Listener[] listener = {new Listener(0)};
        int port = listener[0].port();
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort, pathTower(port), "",
                "  escalation { repeat-interval = 1h, raise-after = 30m }\n"));
        try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir, List.of(), DaemonProcess.DEFAULT_JVM, List.of(),
                List.of(SteppedWallClockMain.class.getName(), offset.toString()));
             HealthWatch health = new HealthWatch(daemon)) {
            daemon.await("the path series is past warm-up", SIGNAL_WAIT, () -> warm(daemon));
            listener[0].close();
            daemon.await("unreachable fires", SIGNAL_WAIT, () -> !towerSignals(dir, "path", "firing").isEmpty());
            Instant before = Instant.parse(towerSignals(dir, "path", "firing").get(0).at());
            Files.writeString(offset, "P2D\n");
            // 3 s on a clock two days ahead (read every 100 ms): probes keep failing on it, and escalation,
            // which wakes at its monotonic deadlines rather than on a poll, next runs with the resolution
            TimeUnit.SECONDS.sleep(3);
            listener[0] = rebind(port);
            daemon.await("unreachable resolves", SIGNAL_WAIT, () -> !towerSignals(dir, "path", "resolved").isEmpty());
            health.close();
            List<JsonNode> notified = notifications(dir, "path");
            List<String> reasons = notified.stream().map(n -> n.path("escalation").path("reason").asText())
                    .collect(Collectors.toList());
            Instant resolvedAt = Instant.parse(towerSignals(dir, "path", "resolved").get(0).at());
            long firingFor = notified.get(notified.size() - 1).path("escalation").path("firing_for").asLong(-1);
            int held = (reasons.equals(List.of("firing", "resolved")) ? 1 : 0)
                    + (firingFor >= 0 && firingFor < 120 ? 1 : 0);
            TABLE.add(new FaultTable.Row("wall clock steps 2 days forward while a firing is 5 s old",
                    "not re-paged nor escalated; the resolution says how long it really fired", 2, held,
                    daemon.alive() ? 0 : 1, health.hangs()));
            assertThat(Duration.between(before, resolvedAt)).as("the daemon's wall clock did step")
                    .isGreaterThan(Duration.ofDays(1));
            assertThat(reasons).as(notified.toString()).containsExactly("firing", "resolved");
            assertThat(firingFor).as("seconds it fired, by the monotonic clock").isBetween(0L, 119L);
            assertThat(health.hangs()).isZero();
        } finally {
            listener[0].close();
        }
    }

    /** @return the file channel's notifications about this tower's reachability, as JSON, in order */
    private static List<JsonNode> notifications(Path dir, String tower) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("signals.jsonl"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Signal s = SignalJson.read(line);
            if (s.tower().id().equals(tower) && s.kind() == SignalKind.UNREACHABLE) {
                out.add(SignalJson.mapper().readTree(line));
            }
        }
        return out;
    }

    @Test
    void channelDown(@TempDir Path dir) throws Exception {
        Set<String> arrived = java.util.concurrent.ConcurrentHashMap.newKeySet();
        FlakyReceiver hook = new FlakyReceiver((exchange, body) -> {
            Signal s = SignalJson.read(new String(body, StandardCharsets.UTF_8));
            arrived.add(s.id());
            return 200;
        });
        hook.down();
        Listener[] listener = {new Listener(0)};
        int port = listener[0].port();
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        String webhook = ", { type = webhook, url = \"http://127.0.0.1:" + hook.port() + "/hook\" }";
        Files.writeString(file, config(dir, apiPort, pathTower(port), webhook, ""));
        try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir);
             HealthWatch health = new HealthWatch(daemon)) {
            Set<String> ids = downAndUp(daemon, dir, listener, port);
            assertThat(arrived).as("the webhook is down").isEmpty();
            hook.up();
            daemon.await("both signals reach the webhook once it is back", SIGNAL_WAIT, () -> arrived.containsAll(ids));
            health.close();
            Set<String> held = new HashSet<>(ids);
            held.retainAll(arrived);
            TABLE.add(new FaultTable.Row("alert channel (webhook) down while signals fire", "held in its outbox, delivered when back",
                    2, held.size(), daemon.alive() ? 0 : 1, health.hangs()));
            assertThat(held).hasSize(2);
        } finally {
            listener[0].close();
            hook.close();
        }
    }

    @Test
    void sigkillWhileSignalsAreWritten(@TempDir Path dir) throws Exception {
        Listener[] listener = {new Listener(0)};
        int port = listener[0].port();
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort, pathTower(port), "", ""));
        AtomicBoolean flapping = new AtomicBoolean(true);
        Thread flapper = new Thread(() -> {
            boolean up = true;
            while (flapping.get()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(2500);
                    synchronized (listener) {
                        if (up) {
                            listener[0].close();
                        } else {
                            listener[0] = rebind(port);
                        }
                    }
                    up = !up;
                } catch (InterruptedException | IOException e) {
                    return;
                }
            }
        }, "flapper");
        int crashes = 0;
        int hangs = 0;
        // the daemon running now, stopped however the row ends: a failed wait must not leave it behind
        DaemonProcess[] running = {null};
        try {
            DaemonProcess first = DaemonProcess.start(file, apiPort, dir);
            running[0] = first;
            first.await("the path series is past warm-up", SIGNAL_WAIT, () -> warm(first));
            DaemonProcess daemon = first;
            flapper.start();
            for (int kill = 0; kill < 3; kill++) {
                DaemonProcess current = daemon;
                HealthWatch health = new HealthWatch(current);
                current.await("a signal is written before kill " + (kill + 1), SIGNAL_WAIT,
                        () -> journalIds(dir).size() > 0);
                TimeUnit.MILLISECONDS.sleep(3000 + 700L * kill);
                health.close();
                hangs += health.hangs();
                if (!current.alive()) {
                    crashes++;
                }
                current.killHard();
                daemon = DaemonProcess.start(file, apiPort, dir);
                running[0] = daemon;
            }
            flapping.set(false);
            flapper.join(10_000);
            synchronized (listener) {
                listener[0].close();
                listener[0] = rebind(port);
            }
            DaemonProcess last = daemon;
            last.await("every journaled signal reaches the channel", SIGNAL_WAIT,
                    () -> deliveredIds(dir).containsAll(journalIds(dir)));
            Set<String> tried = journalIds(dir);
            Set<String> held = new HashSet<>(tried);
            held.retainAll(deliveredIds(dir));
            assertThat(last.stop()).isZero();
            TABLE.add(new FaultTable.Row("SIGKILL ×3 while a flapping target writes signals",
                    "every journaled signal delivered after restart", tried.size(), held.size(), crashes, hangs));
            assertThat(tried).as("signals were written").hasSizeGreaterThanOrEqualTo(2);
            assertThat(held).isEqualTo(tried);
            assertThat(crashes + hangs).isZero();
        } finally {
            flapping.set(false);
            flapper.interrupt();
            if (running[0] != null) {
                running[0].close();
            }
            synchronized (listener) {
                listener[0].close();
            }
        }
    }

    private static Set<String> journalIds(Path dir) {
        Path journal = dir.resolve("state").resolve("journal").resolve("signals.jsonl");
        Set<String> ids = new LinkedHashSet<>();
        try {
            if (Files.exists(journal)) {
                for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        ids.add(SignalJson.read(line).id());
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return ids;
    }

    private static Set<String> deliveredIds(Path dir) {
        return delivered(dir).stream().map(Signal::id).collect(Collectors.toSet());
    }

    @Test
    void corruptState(@TempDir Path dir) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("silences.json"), "\u0000\u0001 not json at all");
        Files.writeString(state.resolve("escalation.json"), "{\"offset\": 12, \"groups\": [");
        Files.createDirectories(state.resolve("registry"));
        Files.writeString(state.resolve("registry").resolve("towers.json"), "[{\"id\": ");
        Set<String> damaged = Set.of("silences.json", "escalation.json", "towers.json");
        Listener listener = new Listener(0);
        int apiPort = Ports.free();
        Path file = dir.resolve("watchtower.conf");
        Files.writeString(file, config(dir, apiPort, pathTower(listener.port()), "", ""));
        try (DaemonProcess daemon = DaemonProcess.start(file, apiPort, dir);
             HealthWatch health = new HealthWatch(daemon)) {
            daemon.await("a watchtower/state signal for each damaged file", SIGNAL_WAIT,
                    () -> stateSignalFiles(dir).containsAll(damaged));
            health.close();
            Set<String> held = new HashSet<>(stateSignalFiles(dir));
            held.retainAll(damaged);
            TABLE.add(new FaultTable.Row("corrupt state: garbage silences.json, truncated escalation.json and registry/towers.json",
                    "starts; each file quarantined with a watchtower/state signal", damaged.size(), held.size(),
                    daemon.alive() ? 0 : 1, health.hangs()));
            assertThat(held).isEqualTo(damaged);
        } finally {
            listener.close();
        }
    }

    /** @return the file names that delivered watchtower/state firings say were quarantined */
    private static Set<String> stateSignalFiles(Path dir) {
        return delivered(dir).stream()
                .filter(s -> s.tower().id().equals("watchtower") && s.check().equals("state") && s.firing())
                .map(s -> Path.of(s.context().getOrDefault("file", "")).getFileName().toString())
                .collect(Collectors.toSet());
    }

    @Test
    void badConfigurations(@TempDir Path dir) throws Exception {
        List<String> bad = List.of(
                "watchtower {\n  state-dir = \"" + dir.resolve("s") + "\"\n  api.lisen = \"127.0.0.1:1\"\n}\n",
                "watchtower {\n  state-dir = \"" + dir.resolve("s") + "\"\n  towers { p { type = network-path, interval = soon, targets = [\"127.0.0.1:1\"] } }\n}\n",
                "watchtower {\n  state-dir = \"" + dir.resolve("s") + "\"\n  towers { p { type = no-such-tower } }\n}\n",
                "watchtower {\n  state-dir = \"" + dir.resolve("s") + "\"\n  channels = [ { type = webhook } ]\n}\n");
        int refused = 0;
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < bad.size(); i++) {
            Path file = dir.resolve("bad-" + i + ".conf");
            Files.writeString(file, bad.get(i));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(DaemonProcess.DEFAULT_JVM);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-c",
                    file.toString()));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            boolean exited = p.waitFor(DaemonProcess.START.toSeconds(), TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            outputs.add(out);
            if (!exited) {
                p.destroyForcibly();
            } else if (p.exitValue() == 78 && out.contains(file.getFileName().toString()) && !out.contains("\tat ")) {
                refused++;
            }
        }
        TABLE.add(new FaultTable.Row("bad configuration (unknown key, bad duration, unknown tower type, channel without url)",
                "`run` refuses: exit 78, names the file, no stack trace", bad.size(), refused, 0, 0));
        assertThat(refused).as(String.join("\n---\n", outputs)).isEqualTo(bad.size());
    }
}
