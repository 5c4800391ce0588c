package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.registry.SignalQuery;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.time.Await;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Channels and the registry read on across journal rotations: every signal is delivered, in order. */
class RotatingJournalDeliveryTest {

    @Test
    void everySignalIsDeliveredAndPublishedAcrossRotations(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                + " api.listen = \"127.0.0.1:0\"\n"
                + " journal { max-size = 64KiB, segments-kept = 1 }\n"
                + " escalation { group-wait = 0s }\n"
                + " channels = [ { type = file, path = \"" + dir.resolve("out.jsonl") + "\" } ]\n"
                + " towers {}\n}\n");
        Instant now = Instant.now();
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            signals.add(Signals.firing("component-" + i, "latency", "high", 0.9, now, now));
        }
        List<String> ids = signals.stream().map(Signal::id).collect(Collectors.toList());
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(),
                TowerClock.system(), Map.of())) {
            signals.forEach(daemon.appender());
            assertThat(segments(dir.resolve("state/journal"))).as("the journal rotated").isNotEmpty();
            await(() -> delivered(dir).size() >= ids.size() && published(daemon).size() >= ids.size());
            assertThat(delivered(dir)).containsExactlyElementsOf(ids);
            assertThat(published(daemon)).containsExactlyInAnyOrderElementsOf(ids);
        }
        try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(),
                TowerClock.system(), Map.of())) {
            assertThat(daemon.journal().firingState()).extracting(Signal::id)
                    .as("start-up knows every firing, whichever segment it was written in")
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    private static List<Path> segments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("signals-\\d{20}\\.jsonl"))
                    .collect(Collectors.toList());
        }
    }

    private static List<String> delivered(Path dir) {
        try {
            Path out = dir.resolve("out.jsonl");
            return Files.exists(out) ? Files.readAllLines(out).stream().map(l -> SignalJson.read(l).id())
                    .collect(Collectors.toList()) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> published(Daemon daemon) {
        return daemon.exposure().registry().local().signals(SignalQuery.timeline(null, 1000)).stream()
                .map(SignalRecord::id).collect(Collectors.toList());
    }

    /** Real threads: the channel, escalation and registry read the rotating journal side by side. */
    private static void await(BooleanSupplier condition) {
        Await.until("every signal delivered and published", Duration.ofSeconds(60), condition);
    }
}
