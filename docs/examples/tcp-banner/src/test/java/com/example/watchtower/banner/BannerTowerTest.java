package com.example.watchtower.banner;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tower against a real TCP service that greets its clients, driven through simulated time by
 * the test kit's harness (each probe advances a FakeClock by the interval; no sleeping).
 */
class BannerTowerTest {

    private GreetingServer server;

    @BeforeEach
    void start() throws IOException {
        server = new GreetingServer("SSH-2.0-OpenSSH_9.2p1 Debian-2");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void reportsTheBannerAndNoFailures() {
        try (TowerHarness h = TowerHarness.of(new BannerTowerFactory(),
                "targets = [\"" + server.hostPort() + "\"]\nexpect-prefix = \"SSH-2.0-\"")) {
            h.probe();
            List<Observation> seen = h.lastResult().observations();
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("banner");
                assertThat(o.state()).isEqualTo("SSH-2.0-OpenSSH_9.2p1 Debian-2");
            });
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("banner_failures");
                assertThat(o.failures()).isZero();
            });
            // measured with the context's clock: FakeClock.nanoTime() is real time plus simulated advances
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("banner_time");
                assertThat(o.value()).isBetween(0.0, 2_000.0);
            });
        }
    }

    @Test
    void anUnexpectedBannerCountsAsAFailure() {
        try (TowerHarness h = TowerHarness.of(new BannerTowerFactory(),
                "targets = [\"" + server.hostPort() + "\"]\nexpect-prefix = \"220 \"")) {
            h.probe();
            assertThat(h.lastResult().observations()).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("banner_failures");
                assertThat(o.failures()).isEqualTo(1);
            });
            assertThat(h.lastResult().context().get(server.hostPort())).containsEntry("expected_prefix", "220 ");
        }
    }

    @Test
    void aChangedBannerIsSignalledOnceLearned() throws IOException {
        // a short warm-up so the state check is READY quickly (the default learns for 30 probes)
        try (TowerHarness h = TowerHarness.of(new BannerTowerFactory(), "targets = [\"" + server.hostPort() + "\"]",
                "baseline.warm-up = 5", new FakeClock())) {
            h.probes(8);
            server.greeting("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3");
            Optional<Integer> after = h.probesUntil(s -> s.check().equals("banner") && s.kind() == SignalKind.CHANGE, 10);
            assertThat(after).as("signals: %s", h.signals()).isPresent();
            Signal change = h.signals().stream().filter(s -> s.check().equals("banner")).findFirst().orElseThrow();
            assertThat(change.observedState()).isEqualTo("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3");
        }
    }

    @Test
    void aStoppedServiceIsUnreachable() throws IOException {
        try (TowerHarness h = TowerHarness.of(new BannerTowerFactory(), "targets = [\"" + server.hostPort() + "\"]")) {
            h.probes(3);
            server.close();
            List<Signal> fired = h.probes(6);
            assertThat(fired).anySatisfy(s -> assertThat(s.kind()).isEqualTo(SignalKind.UNREACHABLE));
        }
    }

    @Test
    void badSettingsFailWithTheKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> TowerHarness.of(new BannerTowerFactory(), "targets = [\"bastion\"]"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("targets").hasMessageContaining("host:port");
        assertThatThrownBy(() -> TowerHarness.of(new BannerTowerFactory(),
                "targets = [\"127.0.0.1:22\"]\ntimeout = 1s\nread-timeout = 5s"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("read-timeout");
    }

    /** A real TCP service that greets every client with one line, like sshd or an SMTP server. */
    static final class GreetingServer implements AutoCloseable {
        private final ServerSocket socket;
        private volatile String greeting;

        GreetingServer(String greeting) throws IOException {
            this.greeting = greeting;
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(this::serve, "greeting-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept(); OutputStream out = client.getOutputStream()) {
                    out.write((greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return;
                }
            }
        }

        void greeting(String line) {
            this.greeting = line;
        }

        String hostPort() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
