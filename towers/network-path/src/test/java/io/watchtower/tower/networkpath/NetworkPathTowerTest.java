package io.watchtower.tower.networkpath;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.DelayLine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkPathTowerTest {

    private static final NetworkPathTowerFactory FACTORY = new NetworkPathTowerFactory();

    /** A loopback listener that accepts (and closes) connections until closed; reopenable on the same port. */
    static final class Listener implements AutoCloseable {
        private ServerSocket server;
        private final int port;

        Listener() throws IOException {
            this(0);
        }

        Listener(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            this.port = server.getLocalPort();
            ServerSocket s = server;
            Thread t = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket ignored = s.accept()) {
                        // accept and close
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "listener-" + port);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return port;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void closingTheListenerFiresUnreachableAndReopeningResolvesIt() throws IOException {
        Listener listener = new Listener();
        int port = listener.port();
        String target = "127.0.0.1:" + port;
        try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 1s\ntargets = [\"" + target + "\"]",
                "baseline.warm-up = 10", new io.watchtower.testkit.FakeClock())) {
            assertThat(h.probes(12)).isEmpty();
            assertThat(h.series(target, "connect_time").orElseThrow().last().confidence())
                    .as("past warm-up").isNotEqualTo(io.watchtower.baseline.Confidence.LEARNING);

            listener.close();
            Optional<Integer> fired = Optional.empty();
            List<String> seen = new java.util.ArrayList<>(); // what the probes saw, should this ever fail again
            for (int i = 1; i <= 5 && fired.isEmpty(); i++) {
                if (h.probe().stream().anyMatch(s -> s.kind() == SignalKind.UNREACHABLE && s.firing())) {
                    fired = Optional.of(i);
                }
                seen.add(h.lastResult().outcome() + " " + h.lastResult().failure() + " " + h.lastResult().observations());
            }
            assertThat(fired).as("unreachable fires within 5 probes; the probes saw:\n%s", String.join("\n", seen))
                    .isPresent();
            Signal firing = last(h.signals(), "unreachable");
            assertThat(firing.target()).isEqualTo(target);
            assertThat(firing.context()).containsKey("reason");
            assertThat(firing.summary()).contains(target).contains("unreachable");

            try (Listener reopened = new Listener(port)) {
                Optional<Integer> resolved = h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE && !s.firing(), 5);
                assertThat(resolved).as("unreachable resolves within 5 probes").isPresent();
                Signal resolvedSignal = last(h.signals(), "unreachable");
                assertThat(resolvedSignal.fingerprint()).isEqualTo(firing.fingerprint());
                assertThat(resolvedSignal.id()).isNotEqualTo(firing.id());
                assertThat(resolvedSignal.since()).isEqualTo(firing.since());
            }
        }
    }

    @Test
    void aFiftyMillisecondConnectStepFiresAnAnomalyWithinFiveProbes() throws IOException {
        try (Listener listener = new Listener();
             DelayLine line = DelayLine.to(new InetSocketAddress("127.0.0.1", listener.port()), Duration.ZERO)) {
            String target = line.address().getHostString() + ":" + line.address().getPort();
            try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 15s\ntargets = [\"" + target + "\"]",
                    "baseline.warm-up = 20", new io.watchtower.testkit.FakeClock())) {
                h.probes(25);
                double usual = h.series(target, "connect_time").orElseThrow().last().expected();
                assertThat(usual).as("baseline through the delay line is sub-millisecond-ish").isLessThan(5.0);
                assertThat(h.signals()).as("no signal while steady").isEmpty();

                line.setDelay(Duration.ofMillis(50));
                // the connect time's own anomaly: on a busy machine the step can move the jitter
                // series too, and its signal may come first or last
                Optional<Integer> probes = h.probesUntil(s -> s.kind() == SignalKind.ANOMALY && s.firing()
                        && s.check().equals("connect_time"), 5);
                assertThat(probes).as("connect_time anomaly within 5 probes of the step; signals: %s", h.signals())
                        .isPresent();
                Signal signal = h.signals().stream().filter(s -> s.kind() == SignalKind.ANOMALY
                        && s.check().equals("connect_time")).reduce((a, b) -> b).orElseThrow();
                assertThat(signal.observed()).isGreaterThan(45.0);
                assertThat(signal.baseline().confidence()).isNotEqualTo("learning");
                assertThat(signal.summary()).contains("Connect time").contains("usual");
            }
        }
    }

    @Test
    void sevenSimulatedDaysOfSteadyNoisyLatencyFireNothing() {
        SplittableRandom random = new SplittableRandom(7);
        String target = "10.0.0.5:5432";
        try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 15s\ntargets = [\"" + target + "\"]")) {
            int probes = 7 * 24 * 3600 / 15;
            for (int i = 0; i < probes; i++) {
                // sub-millisecond loopback-like latency: log-normal noise with occasional scheduler hiccups
                double latency = 0.25 * Math.exp(0.35 * gaussian(random));
                if (random.nextDouble() < 0.002) {
                    latency += random.nextDouble() * 3;
                }
                double value = latency;
                h.report(out -> out.target(target).gauge("connect_time", value).ratio("connect_failures", 0, 1));
            }
            assertThat(h.clock().now()).isAfterOrEqualTo(java.time.Instant.parse("2026-01-11T23:59:00Z"));
            assertThat(h.signals()).as("signals over 7 steady days").isEmpty();
        }
    }

    @Test
    void rejectsABadTargetNamingTheKeyAndLine() {
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "targets = [\"no-port-here\"]"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("harness.conf:")
                .hasMessageContaining("watchtower.towers.under-test.targets")
                .hasMessageContaining("host:port");
    }

    @Test
    void anUnresolvableNameIsUnreachable() {
        try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 1s\ntargets = [\"no-such-host.invalid:80\"]")) {
            h.probe();
            assertThat(h.lastResult().observations()).anySatisfy(o -> assertThat(o.state()).contains("cannot resolve"));
        }
    }

    @Test
    void eachTargetIsItsOwnSeriesNamedAsConfigured() throws IOException {
        try (Listener a = new Listener(); Listener b = new Listener()) {
            String first = "127.0.0.1:" + a.port();
            String second = "127.0.0.1:" + b.port();
            try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 1s\nattempts = 4\ntargets = [\"" + first + "\", \""
                    + second + "\"]", "baseline.warm-up = 5", new io.watchtower.testkit.FakeClock())) {
                assertThat(h.probes(6)).isEmpty();
                assertThat(h.series(first, "jitter")).isPresent();
                assertThat(h.series(second, "connect_failures").orElseThrow().last().value()).isZero();
                b.close();
                assertThat(h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE && s.firing(), 5))
                        .as(() -> "closed " + second + "; last probe: " + h.lastResult() + "; signals: " + h.signals())
                        .isPresent();
                assertThat(h.signals()).allSatisfy(s -> assertThat(s.target()).isEqualTo(second));
            }
        }
    }

    @Test
    void rejectsPortsWithIcmpAndAttemptsThatDoNotFit() {
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "method = icmp\ntargets = [\"10.0.0.5:5432\"]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("targets").hasMessageContaining("without a port");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "method = udp\ntargets = [\"10.0.0.5:5432\"]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("tcp or icmp");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "interval = 1s\ntimeout = 1s\nattempts = 100\n"
                + "targets = [\"10.0.0.5:1\", \"10.0.0.6:1\", \"10.0.0.7:1\"]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("attempts")
                .hasMessageContaining("do not fit");
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static Signal last(List<Signal> signals, String kind) {
        return signals.stream().filter(s -> s.kind().wireName().equals(kind)).reduce((a, b) -> b).orElseThrow();
    }
}
