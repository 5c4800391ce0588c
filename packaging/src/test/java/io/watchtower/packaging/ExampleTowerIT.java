package io.watchtower.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin kit end to end: the example tower in docs/examples/ is built as its own Maven
 * project (offline, against the SPI and test kit in the local repository, its tests included),
 * its jar dropped into towers/tcp-banner/ of an installation, listed by `watchtower towers`, and
 * seen probing in a running daemon. Watchtower itself is not rebuilt.
 */
class ExampleTowerIT {

    @TempDir
    Path dir;

    @Test
    void theExampleTowerBuildsInstallsAndProbes() throws Exception {
        if (!Command.onPath("mvn")) {
            throw new AssertionError("mvn is not on the PATH: the example tower is built with Maven (apt-get install maven)");
        }
        Path project = copy(Distribution.example(), dir.resolve("tcp-banner"));
        String repo = System.getProperty("maven.repo.local");
        Command build = Command.run(Duration.ofMinutes(3), Map.of(), project, "mvn", "-B", "-q", "-o",
                "-Dmaven.repo.local=" + repo, "package");
        assertThat(build.exit()).as("building docs/examples/tcp-banner offline:%n%s", build).isZero();
        Path jar = project.resolve("target/watchtower-tower-tcp-banner-1.0.0.jar");
        assertThat(jar).isRegularFile();

        Path home = Distribution.overlay(dir.resolve("home"));
        Files.copy(jar, Files.createDirectories(home.resolve("towers/tcp-banner")).resolve(jar.getFileName()));
        String bin = home.resolve("bin/watchtower").toString();

        Command towers = Command.run(Duration.ofSeconds(60), bin, "towers").ok();
        assertThat(towers.out()).containsPattern("(?m)^tcp-banner — ").contains("banner_time");
        assertThat(Command.run(Duration.ofSeconds(60), bin, "sample-config", "tcp-banner").ok().out())
                .contains("type = tcp-banner");

        try (GreetingServer ssh = new GreetingServer("SSH-2.0-OpenSSH_9.2p1")) {
            int port = DaemonUnderTest.freePort();
            Path config = Files.writeString(dir.resolve("watchtower.conf"), """
                    watchtower {
                      state-dir = "%s"
                      api.listen = "127.0.0.1:%d"
                      towers.bastion { type = tcp-banner, component = bastion, interval = 1s, targets = ["%s"],
                                       expect-prefix = "SSH-2.0-" }
                    }
                    """.formatted(dir.resolve("state"), port, ssh.hostPort()));
            assertThat(Command.run(Duration.ofSeconds(60), bin, "check", "-c", config.toString()).ok().out())
                    .contains("valid, 1 tower(s)");
            try (DaemonUnderTest daemon = DaemonUnderTest.start(List.of(bin, "run", "-c", config.toString()), Map.of(),
                    port, dir.resolve("daemon.log"))) {
                daemon.awaitReady(Duration.ofSeconds(30));
                daemon.await("the tcp-banner tower has probed twice", Duration.ofSeconds(20), () -> {
                    try {
                        String body = daemon.get("/api/v1/baselines");
                        return body.contains("\"banner_time\"") && body.matches("(?s).*\"samples\"\\s*:\\s*[2-9].*");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(ssh.greeted()).isGreaterThanOrEqualTo(2);
                assertThat(daemon.terminate(Duration.ofSeconds(30))).isZero();
            }
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(p);
                if (rel.startsWith("target")) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    /** A TCP service that greets each client with one line, as sshd does. */
    static final class GreetingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final String greeting;
        private volatile int greeted;

        GreetingServer(String greeting) throws IOException {
            this.greeting = greeting;
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept(); OutputStream out = client.getOutputStream()) {
                        out.write((this.greeting + "\r\n").getBytes(StandardCharsets.UTF_8));
                        greeted++;
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "greeting-server");
            t.setDaemon(true);
            t.start();
        }

        String hostPort() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        int greeted() {
            return greeted;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
