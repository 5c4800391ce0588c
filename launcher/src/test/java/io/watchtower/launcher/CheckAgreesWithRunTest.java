package io.watchtower.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code check} and {@code run} agree: on the same bad file both exit 78 (EX_CONFIG, so the unit
 * stops instead of restart-looping) and report the same problems, all at once, each with
 * file:line and key, and never a stack trace.
 */
class CheckAgreesWithRunTest {


    private static String file(Path dir, String body) {
        return "watchtower {\n"
                + "  state-dir = \"" + dir.resolve("state") + "\"\n"
                + "  api.listen = \"127.0.0.1:0\"\n"
                + body + "\n}\n";
    }

    static Stream<Object[]> badFiles() {
        return Stream.of(
                new Object[] {"retention", "  registry.retention = 10m", "watchtower.registry.retention: must be at least"},
                new Object[] {"heartbeat", "  registry.heartbeat-interval = 0s",
                        "watchtower.registry.heartbeat-interval: must be at least"},
                new Object[] {"token-file", "  api.tokens = [ { name = ops, scope = read, file = \"/nonexistent/ops.token\" } ]",
                        "watchtower.api.tokens[0].file: cannot read /nonexistent/ops.token"},
                new Object[] {"token-scope", "  api.tokens = [ { name = ops, scope = root, file = \"@TOKEN@\" } ]",
                        "watchtower.api.tokens[0].scope: expected read or admin, got root"},
                new Object[] {"token-readable-by-others", "  api.tokens = [ { name = ops, scope = read, file = \"@OPEN@\" } ]",
                        "watchtower.api.tokens[0].file: the token file"},
                new Object[] {"token-short", "  api.tokens = [ { name = ops, scope = read, file = \"@SHORT@\" } ]",
                        "watchtower.api.tokens[0].file: the token in"},
                new Object[] {"state-dir-file", "  state-dir = \"@TOKEN@\"", "watchtower.state-dir: "},
                new Object[] {"state-dir-unwritable", "  state-dir = \"/proc/watchtower-state\"",
                        "watchtower.state-dir: cannot create /proc/watchtower-state"},
                new Object[] {"null", "  snapshot-interval = null\n  api.rate-limit = null",
                        "watchtower.api.rate-limit: expected a block { ... }, got null"},
                new Object[] {"duplicate-tower", "  towers {\n    a { type = network-path, targets = [\"127.0.0.1:1\"] }\n"
                        + "    a { component = b }\n  }", "watchtower.towers.a: duplicate tower id \"a\""},
                new Object[] {"tower-tls-key", "  towers { q { type = redis-queue, servers = [\"127.0.0.1:1\"], lists = [jobs],\n"
                        + "    tls { ca-fil = \"/etc/ssl/ca.pem\" } } }", "tower-tls-key.conf:5: watchtower.towers.q.tls.ca-fil:"
                        + " unknown key of the tls block; it accepts ca-file, verify and server-name"},
                new Object[] {"channel-tls-key", "  channels = [ { type = redis-stream, url = \"redis://127.0.0.1:1\",\n"
                        + "    tls { verfy = false } } ]", "channel-tls-key.conf:5: watchtower.channels[0].tls.verfy:"
                        + " unknown key of the tls block; it accepts ca-file, verify and server-name"},
                new Object[] {"all-at-once", "  api.lisen = \"127.0.0.1:1\"\n  registry.retention = 10m\n"
                        + "  towers { app { type = network-path, targets = [\"127.0.0.1:1\"], tragets = [] } }", "watchtower.api.lisen: unknown key"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void checkAndRunBothExit78WithTheSameProblems(String name, String body, String expected, @TempDir Path dir)
            throws Exception {
        Path token = Files.writeString(dir.resolve("ops.token"), "a-token-long-enough-0123456789\n");
        Path shortToken = Files.writeString(dir.resolve("short.token"), "short\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path openToken = Files.writeString(dir.resolve("open.token"), "a-token-long-enough-0123456789\n");
        Files.setPosixFilePermissions(openToken, PosixFilePermissions.fromString("rw-r--r--"));
        Path config = Files.writeString(dir.resolve(name + ".conf"), file(dir, body
                .replace("@TOKEN@", token.toString()).replace("@SHORT@", shortToken.toString())
                .replace("@OPEN@", openToken.toString())));

        CheckCommandTest.Outcome check = CheckCommandTest.check(config);
        CheckCommandTest.Outcome run = run(config, dir);

        assertThat(check.exit()).as("check exit; output:\n" + check.out()).isEqualTo(78);
        assertThat(run.exit()).as("run exit; output:\n" + run.out()).isEqualTo(78);
        assertThat(check.out()).contains(expected).doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> problems = check.out().lines().filter(l -> l.startsWith(dir.toString())).toList();
        assertThat(problems).isNotEmpty().allMatch(l -> l.matches(".+:\\d+: watchtower[^:]*: .+"));
        assertThat(run.out().lines().filter(l -> l.startsWith(dir.toString())).toList())
                .as("run reports what check reports").isEqualTo(problems);
    }

    @Test
    void aMisspeltKeyDoesNotHideTheTowerAndRegistryProblems(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("many.conf"), file(dir, "  api.lisen = \"127.0.0.1:1\"\n"
                + "  registry.retention = 10m\n"
                + "  towers { app { type = network-path, targets = [\"127.0.0.1:1\"], tragets = [] } }"));
        CheckCommandTest.Outcome check = CheckCommandTest.check(config);
        assertThat(check.exit()).isEqualTo(78);
        assertThat(check.out().lines()).anyMatch(l -> l.startsWith(config + ":4: watchtower.api.lisen: unknown key"))
                .anyMatch(l -> l.startsWith(config + ":5: watchtower.registry.retention: must be at least"))
                .anyMatch(l -> l.startsWith(config + ":6: watchtower.towers.app.tragets: unknown key"));
    }

    @Test
    void aRelativeIncludeIsReadFromTheIncludingFilesFolderWhateverTheWorkingDirectory(@TempDir Path dir)
            throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("main.conf"), file(dir, "") + "include \"towers.conf\"\n");
        Files.writeString(etc.resolve("towers.conf"),
                "watchtower.towers.app { type = network-path, targets = [\"127.0.0.1:1\"] }\n");
        Path relative = Path.of("").toAbsolutePath().relativize(etc.resolve("main.conf"));

        CheckCommandTest.Outcome check = CheckCommandTest.check(relative);

        assertThat(check.exit()).as(check.out()).isZero();
        assertThat(check.out()).contains("valid, 1 tower(s)");
    }

    private static CheckCommandTest.Outcome run(Path file, Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("run.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-c",
                file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("run did not exit within 60 s:\n" + Files.readString(log));
        }
        return new CheckCommandTest.Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
