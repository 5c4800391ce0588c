package io.watchtower.tower.networkpath;

import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.Ports;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A TCP attempt whose source port is the (closed) target port connects to itself. These tests make
 * such sockets for real: a socket bound to 127.0.0.1:P and connected to 127.0.0.1:P completes a
 * simultaneous open with itself on Linux.
 */
class SelfConnectionTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A channel connected to itself on {@code port}. */
    private static SocketChannel selfConnected(int port) throws IOException {
        SocketChannel channel = SocketChannel.open();
        channel.bind(new InetSocketAddress(LOOPBACK, port));
        channel.connect(new InetSocketAddress(LOOPBACK, port));
        return channel;
    }

    /**
     * @return the lines of /proc/net/tcp and tcp6 (Java's sockets are dual-stack) in TIME-WAIT
     *         (state 06) whose local port is {@code port}
     */
    private static List<String> timeWait(int port) throws IOException {
        String local = String.format(Locale.ROOT, ":%04X ", port);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp"), StandardCharsets.US_ASCII));
        lines.addAll(Files.readAllLines(Path.of("/proc/net/tcp6"), StandardCharsets.US_ASCII));
        return lines.stream()
                .filter(line -> {
                    String[] f = line.trim().split("\\s+");
                    return f.length > 3 && (f[1] + " ").endsWith(local) && f[3].equals("06");
                })
                .collect(Collectors.toList());
    }

    /** Binds a listener the way a service that does not set SO_REUSEADDR does. */
    private static void bindLikeAService(int port) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            server.bind(new InetSocketAddress(LOOPBACK, port));
        }
    }

    @Test
    void aSocketConnectedToItselfIsRecognisedAndAnOrdinaryOneIsNot() throws IOException {
        int port = Ports.free();
        try (SocketChannel self = selfConnected(port)) {
            assertThat(self.isConnected()).isTrue();
            assertThat(TcpHandshake.connectedToItself(self)).isTrue();
        }
        // closed the ordinary way, the self-connection leaves a TIME-WAIT that keeps a service off its port
        assertThat(timeWait(port)).as("TIME-WAIT after an ordinary close").isNotEmpty();
        assertThatThrownBy(() -> bindLikeAService(port)).isInstanceOf(java.net.BindException.class);

        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            assertThat(TcpHandshake.connectedToItself(client)).isFalse();
            assertThat(TcpHandshake.connectedToItself(accepted)).isFalse();
        }
    }

    @Test
    void anAttemptThatConnectsToItselfFailsAndLeavesNoTimeWait() throws IOException {
        int port = Ports.free();
        TcpHandshake handshake = new TcpHandshake(TowerClock.system(), () -> {
            SocketChannel channel = SocketChannel.open();
            // what the kernel does when it picks the closed target port as the source port
            channel.bind(new InetSocketAddress(LOOPBACK, port));
            return channel;
        });
        Target target = new Target("127.0.0.1:" + port, "127.0.0.1", port);

        assertThatThrownBy(() -> handshake.roundTrip(target, LOOPBACK, Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("connected to itself");
        assertThat(timeWait(port)).as("TIME-WAIT left by the attempt").isEmpty();
        bindLikeAService(port);
    }

    @Test
    void theTowerCountsASelfConnectionAsAFailedAttemptAndTheTargetUnreachable() {
        int port = Ports.free();
        TcpHandshake handshake = new TcpHandshake(TowerClock.system(), () -> {
            SocketChannel channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(LOOPBACK, port));
            return channel;
        });
        NetworkPathTower tower = new NetworkPathTower(List.of(new Target("127.0.0.1:" + port, "127.0.0.1", port)),
                handshake, 3, Duration.ofSeconds(1));
        ProbeResult result = RunningTower.scripted("path", 0, tower::observe);
        Observation unreachable = result.observations().stream()
                .filter(o -> o.type() == Observation.Type.UNREACHABLE).findFirst().orElseThrow();
        assertThat(unreachable.state()).contains("connected to itself").contains("(all 3 attempts)");
        Observation failures = result.observations().stream()
                .filter(o -> o.check().equals(NetworkPathTowerFactory.CONNECT_FAILURES)).findFirst().orElseThrow();
        assertThat(failures.failures()).isEqualTo(3);
        assertThat(failures.attempts()).isEqualTo(3);
    }
}
