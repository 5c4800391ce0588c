package io.watchtower.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole daemon on the fake clock and its virtual-time scheduler: probes every 15 s, judgement,
 * escalation with group-wait and repeats, delivery to a channel, across simulated hours.
 */
class VirtualDaemonTest {

    private final AtomicBoolean down = new AtomicBoolean();

    /** One tower type whose target answers or refuses, as the test says. */
    private final class Switchable implements TowerFactory {
        @Override
        public String type() {
            return "switchable";
        }

        @Override
        public String description() {
            return "a target the test takes down and brings back";
        }

        @Override
        public List<Check> checks() {
            return List.of(Check.gauge("latency").unit(Unit.MILLISECONDS).describedAs("latency"));
        }

        @Override
        public Tower create(TowerContext context) {
            return out -> {
                if (down.get()) {
                    out.target("orders-db").unreachable("connection refused");
                } else {
                    out.target("orders-db").gauge("latency", 2.0);
                }
            };
        }

        @Override
        public int spiVersion() {
            return SpiVersion.CURRENT;
        }
    }

    @Test
    void anOutageIsPagedAfterGroupWaitRepeatedAndResolvedInSimulatedHours(@TempDir Path dir) throws Exception {
        FakeClock clock = FakeClock.virtual(Instant.parse("2026-01-05T00:00:00Z"));
        VirtualScheduler time = clock.scheduler();
        Path pages = dir.resolve("pages.jsonl");
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api.listen = \"127.0.0.1:0\"\n"
                + " baseline { fire { after = 2, of = 2 }, resolve-after = 2 }\n"
                // snapshots and baseline publications are file writes forced to disk: fewer of them, faster hours
                + " snapshot-interval = 1h\n registry.baseline-interval = 1h\n"
                + " escalation { group-wait = 30s, repeat-interval = 1h, raise-after = 1d }\n"
                + " channels = [ { type = file, path = \"" + pages + "\" } ]\n"
                + " tower-defaults { jitter = 0 }\n"
                + " towers { db { type = switchable, interval = 15s } }\n}\n");
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(new Switchable()),
                clock, time, Map.of())) {
            time.advance(Duration.ofHours(1));
            assertThat(pages).as("a quiet hour pages nobody").doesNotExist();
            assertThat(daemon.ready()).isTrue();

            down.set(true);
            Instant wentDown = clock.now();
            assertThat(time.advanceUntil(() -> !pages(pages).isEmpty(), Duration.ofMinutes(5))).isTrue();
            Duration pagedAfter = Duration.between(wentDown, clock.now());
            assertThat(pagedAfter).as("the next probe fails within 15 s, the second (backed off to 30 s) fires, "
                    + "then group-wait 30 s").isBetween(Duration.ofSeconds(60), Duration.ofSeconds(75));
            assertThat(pages(pages)).containsExactly("firing");

            time.advance(Duration.ofHours(1).minusSeconds(1));
            assertThat(pages(pages)).as("no repeat before the repeat interval").containsExactly("firing");
            time.advance(Duration.ofSeconds(1));
            assertThat(pages(pages)).as("the repeat, on time").containsExactly("firing", "repeat");

            down.set(false);
            time.advance(Duration.ofMinutes(2));
            assertThat(pages(pages)).containsExactly("firing", "repeat", "resolved");
            time.advance(Duration.ofHours(2));
            assertThat(pages(pages)).as("nothing more in the next two hours").hasSize(3);
        }
    }

    private static List<String> pages(Path file) {
        List<String> out = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode n = SignalJson.mapper().readTree(line);
                    out.add(n.get("escalation").get("reason").asText());
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
