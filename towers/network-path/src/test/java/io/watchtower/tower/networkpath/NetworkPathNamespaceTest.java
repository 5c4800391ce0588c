package io.watchtower.tower.networkpath;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.NetworkNamespace;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path crosses a real network namespace (veth pair on link-local addresses) whose nftables
 * input chain loses packets. Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN), iproute2, nftables and
 * python3; without them {@link NetworkNamespace#create()} fails saying so.
 */
class NetworkPathNamespaceTest {

    private static final NetworkPathTowerFactory FACTORY = new NetworkPathTowerFactory();
    private static final int PORT = 7000;
    private static final String ACCEPT_AND_CLOSE = String.join("\n",
            "import socket, sys",
            "s = socket.socket()",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((sys.argv[1], int(sys.argv[2])))",
            "s.listen(1024)",
            "while True:",
            "    c, _ = s.accept()",
            "    c.close()");

    /** Round trips on this shared machine hiccup; the assertions here are about loss and reachability. */
    private static final Predicate<Signal> NOT_TIMING = s -> !s.check().equals("connect_time") && !s.check().equals("jitter");

    private static NetworkNamespace ns;
    private static String target;

    @BeforeAll
    static void namespace() {
        ns = NetworkNamespace.create();
        String address = ns.namespaceAddress().getHostAddress();
        // a listener that accepts and closes without forking, so hundreds of connects stay cheap
        ns.start("python3", "-c", ACCEPT_AND_CLOSE, address, Integer.toString(PORT));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Ports.isListening(address, PORT)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no listener on " + address + ":" + PORT + " inside " + ns + " (needs python3)");
            }
            // polling a real process, which no fake clock can speed up
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        target = address + ":" + PORT;
    }

    @AfterAll
    static void close() {
        if (ns != null) {
            ns.close();
        }
    }

    @Test
    void twentyPercentRandomDropIsALossAnomaly() {
        ns.clearRules();
        try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 5s\nattempts = 20\nconnect-timeout = 100ms\n"
                + "targets = [\"" + target + "\"]", "baseline.warm-up = 5", new FakeClock())) {
            assertThat(h.probes(50)).as("a clean path raises nothing").filteredOn(NOT_TIMING).isEmpty();
            assertThat(h.series(target, "jitter")).isPresent();

            ns.dropRandomly(20);
            Optional<Integer> took = h.probesUntil(s -> s.check().equals("connect_failures") && s.firing(), 8);
            assertThat(took).as("loss anomaly within 8 probes of 20 attempts").isPresent();
            Signal loss = last(h.signals(), s -> s.check().equals("connect_failures"));
            assertThat(loss.kind()).isEqualTo(SignalKind.ANOMALY);
            assertThat(loss.target()).isEqualTo(target);
            assertThat(loss.observed()).isBetween(0.02, 0.6);
            assertThat(loss.context()).containsEntry("method", "tcp").containsKey("last_failure");
        } finally {
            ns.clearRules();
        }
    }

    @Test
    void aBlackholeIsUnreachable() {
        ns.clearRules();
        try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 2s\nattempts = 3\nconnect-timeout = 100ms\n"
                + "targets = [\"" + target + "\"]", "baseline.warm-up = 5", new FakeClock())) {
            assertThat(h.probes(6)).filteredOn(NOT_TIMING).isEmpty();
            ns.blackhole();
            assertThat(h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE && s.firing(), 5)).isPresent();
            Signal down = last(h.signals(), s -> s.kind() == SignalKind.UNREACHABLE);
            assertThat(down.target()).isEqualTo(target);
            assertThat(down.context().get("reason")).contains("timed out").contains("all 3 attempts");
        } finally {
            ns.clearRules();
        }
    }

    @Test
    void icmpEchoMeasuresTheRoundTripAndSeesABlackhole() {
        ns.clearRules();
        String host = ns.namespaceAddress().getHostAddress();
        try (TowerHarness h = TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 2s\nmethod = icmp\nattempts = 3\n"
                + "connect-timeout = 200ms\ntargets = [\"" + host + "\"]", "baseline.warm-up = 5", new FakeClock())) {
            assertThat(h.probes(6)).filteredOn(NOT_TIMING).isEmpty();
            assertThat(h.series(host, "connect_time").orElseThrow().last().value()).isLessThan(50.0);
            assertThat(h.lastResult().context().get(host)).containsEntry("method", "icmp");
            ns.blackhole();
            assertThat(h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE && s.firing(), 5)).isPresent();
            assertThat(last(h.signals(), s -> s.kind() == SignalKind.UNREACHABLE).context().get("reason"))
                    .contains("no echo reply");
        } finally {
            ns.clearRules();
        }
    }

    private static Signal last(List<Signal> signals, Predicate<Signal> wanted) {
        return signals.stream().filter(wanted).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no such signal among " + signals));
    }
}
