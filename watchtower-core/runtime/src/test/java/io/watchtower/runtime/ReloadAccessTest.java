package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A reload applies the API's settings with the rest, all or nothing: rotated tokens, rate limits,
 * the audit log, the listen address and the registry's intervals and retention; a change that needs
 * a restart (state dir, host, the fleet registry's connection) refuses the whole reload and names the key. In virtual time, with the real listener.
 */
class ReloadAccessTest {

    private static final TowerCatalog CATALOG = TowerCatalog.of(new ScriptedTowerFactory("scripted", () -> out -> { }));
    private static final String OLD_TOKEN = "old-token-0123456789abcdef";
    private static final String NEW_TOKEN = "new-token-fedcba9876543210";

    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The configuration file, its parts given; written anew by every call. */
    private static DaemonConfig config(Path dir, String api, String registry, String towers) throws Exception {
        return config(dir, "h", "state", api, registry, towers);
    }

    private static DaemonConfig config(Path dir, String host, String stateDir, String api, String registry,
                                       String towers) throws Exception {
        Path file = dir.resolve("w.conf");
        Files.writeString(file, "watchtower {\n host = " + host + "\n state-dir = \"" + dir.resolve(stateDir) + "\"\n"
                + " api {\n " + api + "\n }\n registry { " + registry + " }\n channels = []\n towers {\n" + towers
                + " }\n}\n");
        return new ConfigLoader(Map.of()).load(file);
    }

    private static String tokens(Path file) {
        return "tokens = [ { name = ops, scope = admin, file = \"" + file + "\" } ]";
    }

    private static void writeToken(Path file, String token) throws IOException {
        Files.writeString(file, token + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private Daemon start(DaemonConfig config) throws Exception {
        return Daemon.start(config, CATALOG, clock, time, Map.of());
    }

    private int status(InetSocketAddress at, String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + at.getAddress().getHostAddress() + ":"
                + at.getPort() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int get(Daemon daemon, String token) throws Exception {
        return status(daemon.apiAddress(), "GET", "/api/v1/towers", token);
    }

    @Test
    void aRotatedTokenFileLetsTheNewTokenInAndTheOldOneOut(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("ops.token");
        writeToken(token, OLD_TOKEN);
        String api = "listen = \"127.0.0.1:0\"\n " + tokens(token);
        try (Daemon daemon = start(config(dir, api, "", ""))) {
            assertThat(get(daemon, OLD_TOKEN)).isEqualTo(200);
            assertThat(get(daemon, NEW_TOKEN)).isEqualTo(401);

            writeToken(token, NEW_TOKEN); // rotated in place, the configuration unchanged
            daemon.reload(config(dir, api, "", ""));

            assertThat(get(daemon, NEW_TOKEN)).as("the rotated token is let in").isEqualTo(200);
            assertThat(get(daemon, OLD_TOKEN)).as("the old token is refused").isEqualTo(401);
            assertThat(status(daemon.apiAddress(), "POST", "/api/v1/registry/prune", NEW_TOKEN))
                    .as("with its admin scope").isEqualTo(200);
        }
    }

    @Test
    void anUnreadableTokenFileRefusesTheWholeReload(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("ops.token");
        writeToken(token, OLD_TOKEN);
        String api = "listen = \"127.0.0.1:0\"\n " + tokens(token);
        try (Daemon daemon = start(config(dir, api, "", ""))) {
            DaemonConfig next = config(dir, "listen = \"127.0.0.1:0\"\n " + tokens(dir.resolve("missing.token")), "",
                    "  a { type = scripted, interval = 1h }\n");

            InvalidConfigException refused = catchThrowableOfType(() -> daemon.reload(next),
                    InvalidConfigException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.problems()).extracting(ConfigProblem::key).containsExactly("watchtower.api.tokens[0].file");
            assertThat(daemon.config().towers()).as("nothing else was applied").isEmpty();
            assertThat(get(daemon, OLD_TOKEN)).isEqualTo(200);
        }
    }

    @Test
    void aChangedRateLimitTakesEffect(@TempDir Path dir) throws Exception {
        try (Daemon daemon = start(config(dir, "listen = \"127.0.0.1:0\"\n rate-limit { per-second = 1, burst = 100 }",
                "", ""))) {
            for (int i = 0; i < 3; i++) {
                assertThat(get(daemon, null)).isEqualTo(200);
            }
            daemon.reload(config(dir, "listen = \"127.0.0.1:0\"\n rate-limit { per-second = 1, burst = 2 }", "", ""));

            // the clock stands still: the bucket of 2 is not refilled
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(get(daemon, null));
            }
            assertThat(statuses).containsExactly(200, 200, 429);
        }
    }

    @Test
    void aMovedAuditLogRecordsTheNextActionInTheNewFile(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("ops.token");
        writeToken(token, OLD_TOKEN);
        Path before = dir.resolve("audit-before.jsonl");
        Path after = dir.resolve("audit-after.jsonl");
        try (Daemon daemon = start(config(dir, "listen = \"127.0.0.1:0\"\n " + tokens(token) + "\n audit-log = \""
                + before + "\"", "", ""))) {
            assertThat(status(daemon.apiAddress(), "POST", "/api/v1/registry/prune", OLD_TOKEN)).isEqualTo(200);
            daemon.reload(config(dir, "listen = \"127.0.0.1:0\"\n " + tokens(token) + "\n audit-log = \"" + after
                    + "\"", "", ""));
            assertThat(status(daemon.apiAddress(), "POST", "/api/v1/registry/prune", OLD_TOKEN)).isEqualTo(200);

            assertThat(Files.readAllLines(before)).hasSize(1);
            assertThat(Files.readAllLines(after)).singleElement().asString().contains("\"registry.prune\"", "\"ops\"");
        }
    }

    @Test
    void aMovedListenAddressIsServedThereAndTheOldOneCloses(@TempDir Path dir) throws Exception {
        try (Daemon daemon = start(config(dir, "listen = \"127.0.0.1:0\"", "", ""))) {
            InetSocketAddress old = daemon.apiAddress();
            assertThat(status(old, "GET", "/api/v1/towers", null)).isEqualTo(200);

            // 127.0.0.2 is loopback too: another address, so the listener moves without a restart
            daemon.reload(config(dir, "listen = \"127.0.0.2:0\"", "", ""));

            InetSocketAddress moved = daemon.apiAddress();
            assertThat(moved.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(status(moved, "GET", "/api/v1/towers", null)).isEqualTo(200);
            assertThatThrownBy(() -> status(old, "GET", "/api/v1/towers", null)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aListenAddressInUseRefusesTheWholeReloadAndTheOldListenerServesOn(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             Daemon daemon = start(config(dir, "listen = \"127.0.0.1:0\"", "", ""))) {
            InetSocketAddress old = daemon.apiAddress();
            DaemonConfig next = config(dir, "listen = \"127.0.0.1:" + taken.getLocalPort() + "\"", "",
                    "  a { type = scripted, interval = 1h }\n");

            InvalidConfigException refused = catchThrowableOfType(() -> daemon.reload(next),
                    InvalidConfigException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("watchtower.api.listen");
                assertThat(p.message()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(),
                        "nothing was reloaded");
            });
            assertThat(daemon.config().towers()).isEmpty();
            assertThat(daemon.scheduler().scheduled()).isEmpty();
            assertThat(daemon.apiAddress()).isEqualTo(old);
            assertThat(status(old, "GET", "/api/v1/towers", null)).isEqualTo(200);
        }
    }

    @Test
    void aChangedRegistryConnectionRefusesTheWholeReloadNamingTheKey(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("ops.token");
        writeToken(token, OLD_TOKEN);
        try (Daemon daemon = start(config(dir, "listen = \"127.0.0.1:0\"", "", ""))) {
            DaemonConfig next = config(dir, "listen = \"127.0.0.1:0\"\n " + tokens(token),
                    "postgres.url = \"jdbc:postgresql://127.0.0.1:1/watchtower\"",
                    "  a { type = scripted, interval = 1h }\n");

            InvalidConfigException refused = catchThrowableOfType(() -> daemon.reload(next),
                    InvalidConfigException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("watchtower.registry.postgres");
                assertThat(p.message()).contains("was added", "only on a restart",
                        "the running configuration stays in force");
            });
            assertThat(daemon.config().towers()).as("the new tower is not started").isEmpty();
            assertThat(daemon.scheduler().scheduled()).isEmpty();
            assertThat(daemon.exposure().registry().fleetConfigured()).isFalse();
            assertThat(get(daemon, null)).as("the API stays open: the token list was not applied").isEqualTo(200);
        }
    }

    @Test
    void changedRegistryIntervalsAndRetentionTakeEffect(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("ops.token");
        writeToken(token, OLD_TOKEN);
        String api = "listen = \"127.0.0.1:0\"\n " + tokens(token);
        String towers = "  a { type = scripted, interval = 1h }\n";
        try (Daemon daemon = start(config(dir, api, "heartbeat-interval = 1m, retention = 90d", towers))) {
            daemon.reload(config(dir, api, "heartbeat-interval = 1s, retention = 2h, local-signals = 500", towers));

            assertThat(daemon.exposure().registry().settings().retention()).isEqualTo(Duration.ofHours(2));
            assertThat(status(daemon.apiAddress(), "POST", "/api/v1/registry/prune", OLD_TOKEN)).isEqualTo(200);
            assertThat(Files.readString(dir.resolve("state").resolve("audit.jsonl")))
                    .as("the prune ran with the new retention").contains("\"retention\":\"PT2H\"");

            // heartbeats every second now: after 30 s the tower's last one is at most a second old
            time.advance(Duration.ofSeconds(30));
            HttpResponse<String> towersNow = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + daemon.apiAddress().getPort() + "/api/v1/towers")).header("Authorization", "Bearer " + OLD_TOKEN)
                    .build(), HttpResponse.BodyHandlers.ofString());
            double age = io.watchtower.runtime.signal.SignalJson.mapper().readTree(towersNow.body()).get("towers").get(0)
                    .get("heartbeat_age_seconds").asDouble();
            assertThat(age).as("heartbeat age with heartbeat-interval = 1s (1m before the reload)").isLessThanOrEqualTo(1.0);
        }
    }

    @Test
    void aChangedStateDirOrHostRefusesTheWholeReload(@TempDir Path dir) throws Exception {
        try (Daemon daemon = start(config(dir, "listen = \"127.0.0.1:0\"", "", ""))) {
            DaemonConfig next = config(dir, "h2", "elsewhere", "listen = \"127.0.0.1:0\"", "",
                    "  a { type = scripted, interval = 1h }\n");

            InvalidConfigException refused = catchThrowableOfType(() -> daemon.reload(next),
                    InvalidConfigException.class);
            assertThat(refused).isNotNull();
            assertThat(refused.problems()).extracting(ConfigProblem::key)
                    .containsExactly("watchtower.state-dir", "watchtower.host");
            assertThat(daemon.config().host()).isEqualTo("h");
            assertThat(daemon.config().stateDir()).isEqualTo(dir.resolve("state"));
            assertThat(daemon.config().towers()).isEmpty();
        }
    }
}
