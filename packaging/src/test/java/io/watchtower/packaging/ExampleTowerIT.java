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
 * project (its tests included) against the Watchtower artifacts this build staged in
 * packaging/example-repository/target/repository/ (never the user's local repository, which
 * `mvn verify` does not fill), with the user's local repository as a read-only mirror for
 * third-party artifacts; its jar is dropped into towers/tcp-banner/ of an installation, listed by
 * `watchtower towers`, and seen probing in a running daemon. Watchtower itself is not rebuilt.
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
        // a local repository of its own holding what this build staged, and the user's as a read-only
        // file:// mirror of every remote: nothing is downloaded and nothing is written to the user's
        Path repository = copy(Distribution.exampleRepository(), dir.resolve("repository"));
        Path settings = Files.writeString(dir.resolve("settings.xml"), """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>%s</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                </settings>
                """.formatted(USER_REPOSITORY, Distribution.userRepository().toUri()));
        Command build = Command.run(Duration.ofMinutes(3), Map.of(), project, "mvn", "-B", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository, "package");
        assertThat(build.exit()).as("building docs/examples/tcp-banner against the staged repository:%n%s", build).isZero();
        assertThat(fromUserRepository(repository.resolve("io/watchtower")))
                .as("Watchtower artifacts the example needed that this build did not stage (taken from %s instead)",
                        Distribution.userRepository())
                .isEmpty();
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

    @Test
    void theStagedArtifactsAreTheOnesTheExampleNames() throws IOException {
        // example-repository/pom.xml lists what docs/examples/tcp-banner/pom.xml names; Maven adds what they pull in
        Path staging = Distribution.root().resolve("packaging/example-repository/pom.xml");
        assertThat(watchtowerArtifacts(staging)).as("io.watchtower artifacts of %s", staging)
                .isEqualTo(watchtowerArtifacts(Distribution.example().resolve("pom.xml")))
                .contains("watchtower-parent", "watchtower-spi", "watchtower-testkit");
        try (Stream<Path> staged = Files.list(Distribution.exampleRepository().resolve("io/watchtower"))) {
            assertThat(staged.map(p -> p.getFileName().toString()).toList())
                    .as("the test kit's closure is staged with it").contains("watchtower-runtime", "watchtower-engine", "watchtower-http", "watchtower-registry",
                            "watchtower-escalation", "watchtower-api", "watchtower-baseline");
        }
    }

    private static final String USER_REPOSITORY = "user-repository";

    /** @return the io.watchtower artifactIds a pom names (its dependencies, imports and parent) */
    private static java.util.Set<String> watchtowerArtifacts(Path pom) throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<groupId>io\\.watchtower</groupId>\\s*<artifactId>([^<]+)</artifactId>")
                .matcher(Files.readString(pom));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** @return the artifacts under {@code dir} that Maven fetched from the user's repository rather than found staged */
    private static List<String> fromUserRepository(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals("_remote.repositories"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains(">" + USER_REPOSITORY + "=");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(f -> dir.relativize(f.getParent()).toString()).sorted().toList();
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
