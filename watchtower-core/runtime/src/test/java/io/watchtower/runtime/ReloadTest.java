package io.watchtower.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.channel.ChannelDelivery;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** SIGHUP applies escalation settings, topology and channels together, or nothing at all. */
class ReloadTest {

    private static final TowerCatalog CATALOG = TowerCatalog.of(new ScriptedTowerFactory("scripted", () -> out -> { }));

    private static DaemonConfig config(Path dir, String escalation, String towers, String channels) throws Exception {
        return config(dir, escalation, "outbox-size = 100", towers, channels);
    }

    private static DaemonConfig config(Path dir, String escalation, String delivery, String towers, String channels)
            throws Exception {
        Path file = dir.resolve("w.conf");
        Files.writeString(file, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api.listen = \"127.0.0.1:0\"\n escalation { " + escalation + " }\n"
                + " delivery { retry-min = 10ms, retry-max = 50ms, " + delivery + " }\n"
                + " channels = [ " + channels + " ]\n towers {\n" + towers + " }\n}\n");
        return new ConfigLoader(Map.of()).load(file);
    }

    private static String fileChannel(String name, Path path) {
        return "{ type = file, name = " + name + ", path = \"" + path + "\" }";
    }

    /** Notifications a file channel wrote, as component:reason. */
    private static List<String> delivered(Path file) throws Exception {
        List<String> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                JsonNode n = SignalJson.mapper().readTree(line);
                out.add(n.get("component").asText() + ":" + n.get("escalation").get("reason").asText());
            }
        }
        return out;
    }

    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);

    private Daemon start(DaemonConfig config) throws Exception {
        return Daemon.start(config, CATALOG, clock, time, Map.of());
    }

    /** What is delivered once everything due now has run. */
    private List<String> deliveredNow(Path file) throws Exception {
        time.runDue();
        return delivered(file);
    }

    @Test
    void changedEscalationSettingsAndTopologyTakeEffect(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("notified.jsonl");
        String towers = "  a { type = scripted, interval = 1h }\n  b { type = scripted, interval = 1h }\n";
        try (Daemon daemon = start(config(dir, "group-wait = 1h", towers, fileChannel("pager", out)))) {
            daemon.reload(config(dir, "group-wait = 0s", towers.replace("b { type = scripted,",
                    "b { type = scripted, depends-on = [a],"), fileChannel("pager", out)));

            Instant now = clock.now();
            daemon.journal().append(Signals.firing("a", "latency", "high", 0.6, now, now));
            daemon.journal().append(Signals.firing("b", "latency", "high", 0.6, now, now));

            // group-wait 0s: a is paged at once; b depends on a, so it is suppressed (listed in a's page)
            assertThat(deliveredNow(out)).as("group-wait = 1h would still be holding the page back")
                    .containsExactly("a:firing");
            time.advance(Duration.ofMinutes(1)); // would b be paged separately? (group-wait is 0 s now)
            assertThat(delivered(out)).as("b depends on a since the reload").containsExactly("a:firing");
            assertThat(Files.readString(out)).contains("\"suppressing\"");
        }
    }

    @Test
    void aNewChannelWhoseOutboxCannotOpenLeavesTheOldConfigurationRunningAndIsReported(@TempDir Path dir)
            throws Exception {
        Path oldOut = dir.resolve("old.jsonl");
        Path newOut = dir.resolve("new.jsonl");
        String towers = "  a { type = scripted, interval = 1h }\n";
        try (Daemon daemon = start(config(dir, "group-wait = 0s", towers, fileChannel("old", oldOut)))) {
            // the new channel's outbox file is a directory: it cannot be opened
            Files.createDirectories(dir.resolve("state").resolve("outbox").resolve("fresh.log"));
            DaemonConfig next = config(dir, "group-wait = 1h",
                    towers + "  b { type = scripted, interval = 1h }\n",
                    fileChannel("old", oldOut) + ", " + fileChannel("fresh", newOut));

            InvalidConfigException refused = catchThrowableOfType(() -> daemon.reload(next),
                    InvalidConfigException.class);
            assertThat(refused).as("the reload reports that it failed").isNotNull();
            assertThat(refused.problems()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("watchtower.channels[1]");
                assertThat(p.origin()).isEqualTo(dir.resolve("w.conf") + ":7");
                assertThat(p.message()).contains("cannot open its outbox", "fresh.log");
            });

            assertThat(daemon.deliveries()).extracting(ChannelDelivery::name).containsExactly("old");
            assertThat(daemon.config().towers()).containsOnlyKeys("a");
            assertThat(daemon.scheduler().scheduled()).doesNotContain("b");

            Instant now = clock.now();
            daemon.journal().append(Signals.firing("a", "latency", "high", 0.6, now, now));
            assertThat(deliveredNow(oldOut)).as("the old channel still delivers, with the old group-wait of 0s")
                    .containsExactly("a:firing");
            assertThat(newOut).doesNotExist();
        }
    }

    @Test
    void changedDeliverySettingsAndAChangedChannelTakeEffectWithoutLosingTheOutbox(@TempDir Path dir)
            throws Exception {
        Path first = dir.resolve("first.jsonl");
        Path second = dir.resolve("second.jsonl");
        String towers = "  a { type = scripted, interval = 1h }\n";
        try (Daemon daemon = start(config(dir, "group-wait = 0s", towers, fileChannel("pager", first)))) {
            Instant now = clock.now();
            daemon.journal().append(Signals.firing("a", "latency", "high", 0.6, now, now));
            assertThat(deliveredNow(first)).containsExactly("a:firing");

            daemon.reload(config(dir, "group-wait = 0s", "outbox-size = 7", towers, fileChannel("pager", first)));
            assertThat(daemon.deliveries()).singleElement().satisfies(d ->
                    assertThat(d.outbox().capacity()).as("delivery.outbox-size applies on reload").isEqualTo(7));

            daemon.reload(config(dir, "group-wait = 0s", "outbox-size = 7", towers, fileChannel("pager", second)));
            daemon.journal().append(Signals.firing("a", "errors", "critical", 0.9, now, now));
            assertThat(daemon.deliveries()).extracting(ChannelDelivery::name).containsExactly("pager");
            assertThat(daemon.deliveries().get(0).outbox().capacity()).isEqualTo(7);
            assertThat(deliveredNow(second)).as("the changed channel delivers to its new path").hasSize(1);
            assertThat(delivered(first)).hasSize(1);
        }
    }
}
