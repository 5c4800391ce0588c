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
 * Contract tests every tower's tests extend: a subclass names its factory and a valid
 * configuration, and inherits checks that the tower is discoverable, declares well-formed checks,
 * ships a valid {@code sample.conf} that its README includes, rejects unknown keys with file and
 * line, closes idempotently, stays within its timeout against a server that never answers, and
 * keeps secrets out of its string form.
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
    void closesIdempotently() {
        try (TowerHarness h = TowerHarness.of(factory(), validSettings())) {
            Tower tower = h.instance().tower();
            tower.close();
            tower.close();
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
    void keepsSecretsOutOfItsStringForm() {
        for (String key : factory().sensitiveKeys()) {
            String marker = "s3cr3t-" + key.hashCode();
            try (TowerHarness h = TowerHarness.of(factory(), validSettings() + "\n" + key + " = \"" + marker + "\"")) {
                assertThat(String.valueOf(h.instance().tower())).doesNotContain(marker);
            } catch (InvalidConfigException e) {
                assertThat(e.getMessage()).doesNotContain(marker);
            }
        }
    }

    /** Accepts TCP connections and never sends a byte. */
    static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor;

        SilentServer() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        synchronized (held) {
                            held.add(s);
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

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
