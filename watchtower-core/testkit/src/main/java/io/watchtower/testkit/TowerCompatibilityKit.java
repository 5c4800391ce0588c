package io.watchtower.testkit;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.plugin.TowerType;
import io.watchtower.runtime.probe.TowerAssembly;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract tests every tower's tests extend: a subclass names its factory, a valid configuration
 * and a witness of writes, and inherits checks that the tower is discoverable, declares well-formed
 * checks that its README's checks table matches, ships a valid {@code sample.conf} that its README
 * includes, declares every secret-looking setting sensitive, rejects unknown keys with file and
 * line, releases every thread and socket when closed (idempotently), stays within its timeout
 * against a server that never answers, never writes to a real server where the kit can count
 * writes, and keeps secrets out of its string form, its results and everything logged.
 */
public abstract class TowerCompatibilityKit {

    /** @return the factory under test */
    protected abstract TowerFactory factory();

    /**
     * @return a valid tower block without {@code type}, e.g. {@code "targets = [\"127.0.0.1:1\"]"};
     *         it must not need a reachable server to be created
     */
    protected abstract String validSettings();

    /**
     * @param hostPort a TCP server that accepts connections and never sends a byte
     * @return a tower block pointing the tower at it
     */
    protected abstract String unresponsiveSettings(String hostPort);

    /**
     * A real server of the watched kind whose writes the kit can count, for example
     * {@link PostgresWriteWitness} or {@link RedisWriteWitness}; {@code null} when nothing the tower
     * talks to can honestly count writes (then override {@link #noMutationWitnessBecause()}).
     *
     * @return a started witness, closed by the kit
     */
    protected abstract MutationWitness mutationWitness() throws Exception;

    /** @return why {@link #mutationWitness()} is null: what the tower sends and why nothing can count writes */
    protected String noMutationWitnessBecause() {
        return "";
    }

    /**
     * A tower block with a secret set, pointing the tower at {@code hostPort}. By default the
     * unresponsive settings plus {@code key = "secret"}; override when the key needs company
     * (a password needs its user).
     *
     * @param hostPort where the tower should connect
     * @param key a sensitive key
     * @param secret its value
     * @return the block
     */
    protected String settingsWithSecret(String hostPort, String key, String secret) {
        return unresponsiveSettings(hostPort) + "\n" + key + " = \"" + secret + "\"";
    }

    /** Words in a setting's name that mark it as secret: it must be declared in sensitiveKeys(). */
    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile(
            "(?i).*(password|passphrase|secret|token|api-key|credential).*");
    /** The witness of the class under test, started once for the tests that use it. */
    private static MutationWitness witness;
    private static boolean witnessStarted;

    private MutationWitness witness() throws Exception {
        if (!witnessStarted) {
            witnessStarted = true;
            witness = mutationWitness();
        }
        return witness;
    }

    @org.junit.jupiter.api.AfterAll
    static void stopWitness() {
        if (witness != null) {
            witness.close();
        }
        witness = null;
        witnessStarted = false;
    }

    /** How long a closed tower's threads and sockets may take to go (a real thread ends, a real socket closes). */
    private static final Duration RELEASE = Duration.ofSeconds(5);

    @Test
    void isDiscoveredByServiceLoader() {
        List<String> found = new ArrayList<>();
        ServiceLoader.load(TowerFactory.class, factory().getClass().getClassLoader())
                .forEach(f -> found.add(f.getClass().getName()));
        assertThat(found).as("META-INF/services/io.watchtower.spi.TowerFactory lists the factory")
                .contains(factory().getClass().getName());
    }

    @Test
    void declaresWellFormedTypeAndChecks() {
        TowerFactory f = factory();
        assertThat(f.type()).matches("[a-z][a-z0-9-]*");
        assertThat(f.description()).isNotBlank();
        assertThat(f.spiVersion()).isEqualTo(SpiVersion.CURRENT);
        List<Check> checks = f.checks();
        assertThat(checks).isNotEmpty();
        Set<String> names = new HashSet<>();
        for (Check c : checks) {
            assertThat(names.add(c.name())).as("check %s declared once", c.name()).isTrue();
            assertThat(c.name()).isNotIn("reachable", "probe");
            assertThat(c.description()).as("check %s has a description", c.name()).isNotBlank();
        }
    }

    @Test
    void shipsAValidSampleConfigThatTheReadmeIncludes(@TempDir Path dir) throws IOException {
        TowerType type = new TowerType(factory(), "test", factory().getClass().getClassLoader());
        String sample = type.sampleConfig().orElseThrow(() -> new AssertionError(
                "sample.conf is not shipped: put it in the tower's folder (packaged as META-INF/watchtower/sample.conf)"));
        Path file = dir.resolve("sample.conf");
        Files.writeString(file, sample);
        DaemonConfig config = new ConfigLoader(System.getenv()).load(file);
        assertThat(config.towers()).as("sample.conf configures at least one tower").isNotEmpty();
        config.towers().values().forEach(t -> assertThat(t.type()).isEqualTo(factory().type()));
        List<ConfigProblem> problems = new TowerAssembly(TowerCatalog.of(factory()), "test-host", new FakeClock(),
                System.getenv()).validate(config);
        assertThat(problems).as("problems in sample.conf").isEmpty();

        String readme = type.readme().orElseThrow(() -> new AssertionError("README.md is not shipped"));
        assertThat(normalise(readme)).as("README.md includes sample.conf verbatim").contains(normalise(sample));
        for (Check c : factory().checks()) {
            assertThat(readme).as("README.md documents check %s", c.name()).contains(c.name());
        }
    }

    @Test
    void theReadmeChecksTableMatchesTheDeclaredChecks() {
        TowerType type = new TowerType(factory(), "test", factory().getClass().getClassLoader());
        String readme = type.readme().orElseThrow(() -> new AssertionError("README.md is not shipped"));
        List<ReadmeTables.CheckRow> rows = ReadmeTables.checkRows(readme);
        List<String> problems = ReadmeTables.checkTableProblems(rows, factory().checks());
        assertThat(rows).as("README.md has a checks table (| check | kind | unit | worse when | ...)").isNotEmpty();
        assertThat(problems).as("README.md checks tables against checks()").isEmpty();
    }

    @Test
    void declaresEverySecretLookingSettingSensitive() {
        TowerType type = new TowerType(factory(), "test", factory().getClass().getClassLoader());
        String readme = type.readme().orElseThrow(() -> new AssertionError("README.md is not shipped"));
        List<String> keys = ReadmeTables.settingKeys(readme);
        assertThat(keys).as("README.md has a settings table (| key | ...) naming the tower's settings").isNotEmpty();
        Set<String> sensitive = factory().sensitiveKeys();
        for (String key : keys) {
            String base = key.replaceFirst("-(file|env)$", "");
            if (SECRET_NAME.matcher(base.substring(base.lastIndexOf('.') + 1)).matches()) {
                assertThat(sensitive).as("setting %s looks secret: declare %s in sensitiveKeys()", key, base).contains(base);
            }
        }
        for (String key : sensitive) {
            assertThat(keys).as("sensitive key %s is documented in the README's settings table", key).contains(key);
        }
    }

    private static String normalise(String text) {
        return text.replace("\r\n", "\n").strip();
    }

    @Test
    void rejectsUnknownKeysNamingFileAndLine() {
        String block = validSettings() + "\nno-such-setting = 1";
        assertThatThrownBy(() -> {
            try (TowerHarness ignored = TowerHarness.of(factory(), block)) {
                // creating it must fail
            }
        }).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anySatisfy(p -> {
                            assertThat(p.key()).endsWith("no-such-setting");
                            assertThat(p.origin()).matches("harness\\.conf:\\d+");
                        }));
    }

    @Test
    void closeReleasesEveryThreadAndSocketAndIsIdempotent() throws Exception {
        // a first round creates what the process shares between towers (event loops, timers)
        probeAndClose();
        ProcessResources before = ProcessResources.now();
        int[] accepted = probeAndClose();
        assertThat(accepted[1]).as("probes against the silent server that ended in a timeout or observations")
                .isEqualTo(1);
        long deadline = System.nanoTime() + RELEASE.toNanos();
        Set<String> threads;
        Set<String> sockets;
        do {
            ProcessResources after = ProcessResources.now();
            threads = after.newThreads(before);
            sockets = after.newSockets(before);
            if (threads.isEmpty() && sockets.isEmpty()) {
                break;
            }
            Thread.sleep(20); // real threads and sockets, released by the tower's own close
        } while (System.nanoTime() < deadline);
        assertThat(threads).as("threads still alive %d s after the tower was closed", RELEASE.toSeconds()).isEmpty();
        assertThat(sockets).as("sockets still open %d s after the tower was closed (it had opened %d to the silent server)",
                RELEASE.toSeconds(), accepted[0]).isEmpty();
    }

    /**
     * Creates the tower against a silent server, probes once, closes it twice and stops the server.
     *
     * @return connections the silent server accepted, and 1 when the probe ended in a timeout or observations
     */
    private int[] probeAndClose() throws IOException {
        try (SilentServer silent = new SilentServer()) {
            String block = unresponsiveSettings(silent.hostPort()) + "\ninterval = 2s\ntimeout = 1s";
            boolean sawOrTimedOut;
            try (TowerHarness h = TowerHarness.of(factory(), block)) {
                h.probe();
                ProbeResult result = h.lastResult();
                sawOrTimedOut = result.outcome() == ProbeResult.Outcome.TIMEOUT || !result.observations().isEmpty();
                Tower tower = h.instance().tower();
                tower.close();
                tower.close();
            }
            return new int[] {silent.accepted(), sawOrTimedOut ? 1 : 0};
        }
    }

    @Test
    void staysWithinItsTimeoutAgainstAServerThatNeverAnswers() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            String block = unresponsiveSettings(silent.hostPort()) + "\ninterval = 2s\ntimeout = 1s";
            try (TowerHarness h = TowerHarness.of(factory(), block)) {
                long started = System.nanoTime();
                h.probe();
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).as("one probe against a silent server").isLessThan(Duration.ofMillis(1800));
                ProbeResult result = h.lastResult();
                assertThat(result.outcome() == ProbeResult.Outcome.TIMEOUT || !result.observations().isEmpty())
                        .as("a silent server yields a timeout or observations (outcome %s)", result.outcome()).isTrue();
            }
        }
    }

    @Test
    void neverWritesToWhatItWatches() throws Exception {
        MutationWitness witness = witness();
        if (witness == null) {
            assertThat(noMutationWitnessBecause()).as("a tower without a mutation witness says why").isNotBlank();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(witness != null,
                () -> "nothing counts this tower's writes: " + noMutationWitnessBecause());
        long before = witness.writes();
        try (TowerHarness h = TowerHarness.of(factory(), witness.settings() + "\ninterval = 10s\ntimeout = 5s")) {
            h.probes(3);
            assertThat(h.lastResult().observations()).as("the tower saw the witnessed server").isNotEmpty();
        }
        assertThat(witness.writes()).as("%s while the tower probed it three times", witness.describe())
                .isEqualTo(before);
    }

    @Test
    void keepsSecretsOutOfItsStringFormResultsAndLogs() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(factory().sensitiveKeys().isEmpty(),
                "the tower declares no sensitive settings (its README's settings table agrees:"
                        + " declaresEverySecretLookingSettingSensitive)");
        MutationWitness witness = witness();
        for (String key : factory().sensitiveKeys()) {
            String marker = "s3cr3t-" + Integer.toHexString(key.hashCode()) + "-marker";
            try (SilentServer silent = new SilentServer()) {
                assertSecretKept(settingsWithSecret(silent.hostPort(), key, marker), marker);
            }
            if (witness != null) {
                // a real server that answers: error replies and library logs get their chance to leak
                assertSecretKept(witness.settings() + "\n" + key + " = \"" + marker + "\"", marker);
            }
        }
    }

    /** Creates and probes a tower configured with {@code block}; {@code marker} appears nowhere. */
    private void assertSecretKept(String block, String marker) {
        io.watchtower.runtime.probe.TowerLogCapture logs = io.watchtower.runtime.probe.TowerLogCapture.everything();
        io.watchtower.runtime.probe.TowerLogCapture towerLog =
                io.watchtower.runtime.probe.TowerLogCapture.ofTowerType(factory().type());
        assertThat(logs).as("logging is Logback, so the kit can read what is logged").isNotNull();
        List<String> seen = new ArrayList<>();
        try (TowerHarness h = TowerHarness.of(factory(), block + "\ninterval = 2s\ntimeout = 1s")) {
            seen.add(String.valueOf(h.instance().tower()));
            h.probe();
            ProbeResult r = h.lastResult();
            seen.add(String.valueOf(r.failure()));
            r.observations().forEach(o -> seen.add(o.target() + " " + o.state()));
            seen.add(String.valueOf(r.context()));
            h.signals().forEach(s -> seen.add(io.watchtower.runtime.signal.SignalJson.write(s)));
        } catch (InvalidConfigException e) {
            seen.add(e.getMessage());
        } finally {
            logs.close();
            towerLog.close();
        }
        seen.addAll(logs.lines());
        seen.addAll(towerLog.lines());
        assertThat(seen).as("string form, probe result, signals and log lines").noneMatch(s -> s.contains(marker));
    }

    /** Accepts TCP connections and never sends a byte. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor;
        private int accepted;

        SilentServer() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        synchronized (held) {
                            held.add(s);
                            accepted++;
                        }
                        drain(s);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private static void drain(Socket s) {
            Thread t = new Thread(() -> {
                try (InputStream in = s.getInputStream(); OutputStream ignored = OutputStream.nullOutputStream()) {
                    in.transferTo(ignored);
                } catch (IOException e) {
                    // closed
                }
            }, "silent-server-reader");
            t.setDaemon(true);
            t.start();
        }

        String hostPort() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        int accepted() {
            synchronized (held) {
                return accepted;
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
            try {
                acceptor.join(RELEASE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
