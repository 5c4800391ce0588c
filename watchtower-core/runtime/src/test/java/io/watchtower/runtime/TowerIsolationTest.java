package io.watchtower.runtime;

import io.watchtower.runtime.signal.TestSignals;
import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.TowerClock;
import io.watchtower.runtime.time.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A tower that hangs forever and one that throws on every probe cannot delay a healthy tower. */
class TowerIsolationTest {

    @Test
    void hangingAndThrowingTowersDoNotDelayAHealthyOne(@TempDir Path dir) throws Exception {
        List<Long> healthyProbes = new ArrayList<>();
        TowerCatalog catalog = TowerCatalog.of(
                new ScriptedTowerFactory("healthy", () -> out -> {
                    synchronized (healthyProbes) {
                        healthyProbes.add(System.nanoTime());
                    }
                    out.target("x").gauge("latency", 1.0);
                }),
                new ScriptedTowerFactory("hanging", () -> out -> {
                    while (true) {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException ignored) {
                            // a badly written tower that swallows interrupts and hangs forever
                        }
                    }
                }),
                new ScriptedTowerFactory("throwing", () -> out -> {
                    throw new IllegalStateException("broken on purpose");
                }));
        String text = "watchtower {\n host = h\n state-dir = \"" + dir + "\"\n api.listen = \"127.0.0.1:0\"\n"
                + " channels = []\n"
                + " tower-defaults { jitter = 0, backoff.max = 1s }\n"
                + " towers {\n"
                + "  ok { type = healthy, interval = 1s }\n"
                + "  stuck { type = hanging, interval = 1s, timeout = 500ms }\n"
                + "  broken { type = throwing, interval = 1s }\n"
                + " }\n}\n";
        DaemonConfig config = new ConfigLoader(Map.of()).validate(ConfigFactory.parseString(text), dir.resolve("t.conf"));
        // real threads and real time: what is tested is that no tower's thread holds up another's
        Daemon daemon = Daemon.start(config, catalog, TowerClock.system(), Map.of());
        try {
            Await.until("seven healthy probes and both blind spots journaled", Duration.ofSeconds(15), () -> {
                synchronized (healthyProbes) {
                    if (healthyProbes.size() < 7) {
                        return false;
                    }
                }
                return daemon.journal().readAll().stream().filter(s -> s.kind() == SignalKind.BLIND_SPOT && s.firing())
                        .map(s -> s.tower().id()).distinct().count() == 2;
            });
        } finally {
            daemon.close();
        }
        List<Long> probes;
        synchronized (healthyProbes) {
            probes = List.copyOf(healthyProbes);
        }
        assertThat(probes).hasSizeGreaterThanOrEqualTo(6);
        for (int i = 1; i < probes.size(); i++) {
            double gapMillis = (probes.get(i) - probes.get(i - 1)) / 1e6;
            assertThat(gapMillis).as("gap %d between healthy probes", i).isBetween(900.0, 1100.0);
        }
        List<Signal> journal = daemon.journal().file().toFile().exists()
                ? new io.watchtower.runtime.journal.SignalJournal(daemon.journal().file()).readAll() : List.of();
        journal.forEach(TestSignals::assertValid);
        assertThat(journal.stream().filter(s -> s.kind() == SignalKind.BLIND_SPOT && s.firing())
                .map(s -> s.tower().id()).collect(Collectors.toSet()))
                .as("both broken towers are reported as blind spots").containsExactlyInAnyOrder("stuck", "broken");
        Signal stuck = journal.stream().filter(s -> s.tower().id().equals("stuck")).findFirst().orElseThrow();
        assertThat(stuck.context().get("reason")).matches("(timeout|overrun).*");
        Signal broken = journal.stream().filter(s -> s.tower().id().equals("broken")).findFirst().orElseThrow();
        assertThat(broken.context().get("reason")).contains("broken on purpose");
    }
}
