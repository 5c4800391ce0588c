package io.watchtower.runtime.channel;

import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.signal.Signals;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.time.TestClock;
import io.watchtower.runtime.time.VirtualScheduler;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A full outbox drops its oldest low-severity notifications, counts them, and a signal says so. */
class OutboxBoundTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final VirtualScheduler time = new VirtualScheduler(clock::advance);

    @Test
    void aFullOutboxDropsLowSeverityFirstAndRaisesAndResolvesASignal(@TempDir Path dir) throws Exception {
        try (Receiver down = new Receiver(); Receiver file = new Receiver()) {
            // "record" may briefly fill up too while escalation outpaces it; it then raises and resolves its own
            // outbox_dropped signal, which is correct and not what this test looks at
            down.status.set(503);
            Path config = dir.resolve("w.conf");
            Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + dir.resolve("state") + "\"\n"
                    + " api.listen = \"127.0.0.1:0\"\n"
                    + " escalation { group-wait = 0s }\n"
                    + " delivery { outbox-size = 5, retry-min = 20ms, retry-max = 50ms }\n"
                    + " channels = [ { type = webhook, name = pager, url = \"" + down.uri("/hook") + "\" },\n"
                    + "   { type = webhook, name = record, url = \"" + file.uri("/rec") + "\" } ]\n"
                    + " towers {}\n}\n");
            try (Daemon daemon = Daemon.start(new ConfigLoader(Map.of()).load(config), TowerCatalog.of(),
                    clock, time, Map.of())) {
                Instant now = clock.now();
                List<Signal> critical = List.of(Signals.firing("db", "a", "critical", 0.6, now, now),
                        Signals.firing("db2", "b", "critical", 0.6, now, now));
                critical.forEach(daemon.journal()::append);
                for (int i = 0; i < 6; i++) {
                    daemon.journal().append(Signals.firing("cache" + i, "hits", "low", 0.6, now, now));
                }
                await(() -> daemon.journal().readAll().stream().anyMatch(s -> s.check().equals("outbox_dropped")));
                Signal dropped = daemon.journal().readAll().stream().filter(s -> s.check().equals("outbox_dropped"))
                        .filter(s -> s.target().equals("pager")).findFirst().orElseThrow();
                WireSchema.assertValid(io.watchtower.runtime.signal.SignalJson.write(dropped));
                assertThat(dropped.target()).isEqualTo("pager");
                assertThat(dropped.severity()).isEqualTo(Severity.HIGH);
                assertThat(dropped.summary()).contains("Channel pager", "outbox is full (5 notifications)");
                ChannelDelivery pager = daemon.deliveries().get(0);
                await(() -> pager.outbox().dropped() >= 4);
                assertThat(pager.outbox().pending()).extracting(e -> e.notification().signal().component())
                        .as("the critical ones and the drop signal are kept, the low ones dropped oldest first")
                        .contains("db", "db2", "watchtower").doesNotContain("cache0", "cache1", "cache2");
                await(() -> file.requests().stream().anyMatch(r -> r.body().contains("\"outbox_dropped\"")));

                down.status.set(200);
                await(() -> daemon.journal().readAll().stream()
                        .anyMatch(s -> s.check().equals("outbox_dropped") && !s.firing()));
                await(() -> pager.backlog() == 0);
                List<String> delivered = down.requests().stream().map(r -> io.watchtower.runtime.signal.SignalJson
                        .read(r.body()).component()).collect(Collectors.toList());
                assertThat(delivered).contains("db", "db2", "watchtower");
            }
        }
    }

    /** Moves virtual time on until a condition holds, at most ten virtual minutes. */
    private void await(BooleanSupplier condition) {
        assertThat(time.advanceUntil(condition, Duration.ofMinutes(10))).isTrue();
    }
}
