package io.watchtower.launcher;

import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.FakeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code watchtower silence add|list|expire} against a running daemon's API. */
class SilenceCommandTest {

    @Test
    void addListAndExpireASilence(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin.token");
        Files.writeString(token, "admin-token-for-silence-tests\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ { name = ops, scope = admin, file = \"" + token + "\" } ] }\n"
                + " channels = []\n towers {}\n}\n");
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(),
                TowerClock.system(), Map.of())) {
            String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
            Run add = run("silence", "add", "--api", api, "--token-file", token.toString(), "--component", "orders-db",
                    "--check", "replication_lag", "-d", "2h", "--author", "alice", "-m", "rebuilding replica-1");
            assertThat(add.code).as(add.err).isZero();
            String id = add.out.strip();
            assertThat(id).matches("[0-9a-f-]{36}");

            Run noMatcher = run("silence", "add", "--api", api, "--token-file", token.toString(), "-d", "2h");
            assertThat(noMatcher.code).isEqualTo(2);
            Run noToken = run("silence", "add", "--api", api, "--component", "x", "-d", "2h");
            assertThat(noToken.code).isEqualTo(1);
            assertThat(noToken.err).contains("HTTP 40");

            Run list = run("silence", "list", "--api", api, "--token-file", token.toString());
            assertThat(list.code).isZero();
            assertThat(list.out).contains(id, "component=orders-db check=replication_lag", "alice", "rebuilding replica-1");

            Run expire = run("silence", "expire", id, "--api", api, "--token-file", token.toString(), "--author", "bob");
            assertThat(expire.code).as(expire.err).isZero();
            assertThat(expire.out).contains("expired", "by bob");
            assertThat(run("silence", "list", "--api", api, "--token-file", token.toString()).out).doesNotContain(id);
            assertThat(run("silence", "list", "--all", "--api", api, "--token-file", token.toString()).out).contains(id);
            assertThat(Files.readString(dir.resolve("state").resolve("audit.jsonl")))
                    .contains("silence.create", "silence.expire", "\"ops\"");
        }
    }

    @Test
    void anEmptyMatcherOrAUnitlessDurationIsRefusedBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin.token");
        Files.writeString(token, "admin-token-for-silence-tests\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ { name = ops, scope = admin, file = \"" + token + "\" } ] }\n"
                + " channels = []\n towers {}\n}\n");
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(),
                TowerClock.system(), Map.of())) {
            String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
            Run empty = run("silence", "add", "--api", api, "--token-file", token.toString(), "--component", "",
                    "-d", "2h");
            assertThat(empty.code).as(empty.err).isEqualTo(2);
            assertThat(empty.err).contains("--component is empty");
            Run blankHost = run("silence", "add", "--api", api, "--token-file", token.toString(), "--check", "lag",
                    "--host", " ", "-d", "2h");
            assertThat(blankHost.code).as(blankHost.err).isEqualTo(2);
            assertThat(blankHost.err).contains("--host is empty");
            Run bare = run("silence", "add", "--api", api, "--token-file", token.toString(), "--component", "x",
                    "-d", "3600");
            assertThat(bare.code).as(bare.err).isEqualTo(2);
            assertThat(bare.err).contains("--duration needs a unit");
            Run tiny = run("silence", "add", "--api", api, "--token-file", token.toString(), "--component", "x",
                    "-d", "1ns");
            assertThat(tiny.code).as(tiny.err).isEqualTo(2);
            assertThat(tiny.err).contains("--duration must be between 1m and 30d");
            assertThat(daemon.alerting().silences().list(true)).isEmpty();
        }
    }

    @Test
    void listAllShowsASilenceThatRanOutAsExpiredWithWhen(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("admin.token");
        Files.writeString(token, "admin-token-for-silence-tests\n");
        Files.setPosixFilePermissions(token, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ { name = ops, scope = admin, file = \"" + token + "\" } ] }\n"
                + " channels = []\n towers {}\n}\n");
        FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(), clock, Map.of())) {
            String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
            Run add = run("silence", "add", "--api", api, "--token-file", token.toString(), "--component", "orders-db",
                    "-d", "1h", "--author", "alice");
            assertThat(add.code).as(add.err).isZero();
            String id = add.out.strip();
            assertThat(run("silence", "list", "--all", "--api", api, "--token-file", token.toString()).out)
                    .contains(id, "until 2026-12-01T11:00:00Z");

            clock.advance(Duration.ofHours(2));
            Run all = run("silence", "list", "--all", "--api", api, "--token-file", token.toString());
            assertThat(all.code).as(all.err).isZero();
            assertThat(all.out).contains(id, "expired 2026-12-01T11:00:00Z").doesNotContain("until");
            Run json = run("silence", "list", "--all", "-o", "json", "--api", api, "--token-file", token.toString());
            assertThat(json.out).contains("\"state\":\"expired\"");
        }
    }

    private record Run(int code, String out, String err) {
    }

    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
