package io.watchtower.runtime;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start creates each tower once: the check that validates a configuration creates its towers,
 * and the daemon starts those very towers; a check that finds a problem leaves none open.
 */
class StartupTowersTest {

    /** Counts the towers a type created and closed. */
    private static final class Counted implements Supplier<Tower> {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private final Runnable onCreate;

        Counted(Runnable onCreate) {
            this.onCreate = onCreate;
        }

        @Override
        public Tower get() {
            onCreate.run();
            created.incrementAndGet();
            return new Tower() {
                @Override
                public void observe(io.watchtower.spi.Observations out) {
                    out.target("t").gauge("latency", 1);
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }

    private static ConfigReading reading(Path dir, String towers) {
        String text = "watchtower {\n host = h\n state-dir = \"" + dir + "\"\n api.listen = \"127.0.0.1:0\"\n"
                + " channels = []\n tower-defaults { jitter = 0 }\n towers {\n" + towers + " }\n}\n";
        return new ConfigLoader(Map.of()).read(ConfigFactory.parseString(text), dir.resolve("t.conf"));
    }

    @Test
    void theDaemonStartsTheTowersTheCheckCreated(@TempDir Path dir) throws Exception {
        Counted alpha = new Counted(() -> { });
        Counted beta = new Counted(() -> { });
        TowerCatalog catalog = TowerCatalog.of(new ScriptedTowerFactory("alpha", alpha),
                new ScriptedTowerFactory("beta", beta));
        StartupCheck.Prepared prepared = StartupCheck.prepare(reading(dir,
                "  a { type = alpha, interval = 1s }\n  b { type = beta, interval = 1s }\n"), catalog,
                TowerClock.system(), Map.of());
        assertThat(prepared.problems()).isEmpty();
        assertThat(prepared.towers()).containsOnlyKeys("a", "b");

        try (Daemon daemon = Daemon.start(prepared, catalog, TowerClock.system(), Map.of())) {
            assertThat(daemon.scheduler().scheduled()).containsExactlyInAnyOrder("a", "b");
            assertThat(alpha.created).as("created once, by the check").hasValue(1);
            assertThat(beta.created).hasValue(1);
            assertThat(alpha.closed).as("the check's tower runs, it is not closed").hasValue(0);
        }
        assertThat(alpha.closed).as("closed with the daemon").hasValue(1);
        assertThat(beta.closed).hasValue(1);
    }

    @Test
    void aCheckThatFindsAProblemLeavesNoTowerOpen(@TempDir Path dir) {
        Counted alpha = new Counted(() -> { });
        TowerCatalog catalog = TowerCatalog.of(new ScriptedTowerFactory("alpha", alpha));
        StartupCheck.Prepared prepared = StartupCheck.prepare(reading(dir,
                "  a { type = alpha, interval = 1s }\n  b { type = alpha, interval = 1s, colour = blue }\n"),
                catalog, TowerClock.system(), Map.of());

        assertThat(prepared.problems()).singleElement().asString().contains("watchtower.towers.b.colour");
        assertThat(prepared.towers()).isEmpty();
        assertThat(prepared.settings()).isNull();
        assertThat(alpha.created).hasValue(2);
        assertThat(alpha.closed).as("both towers closed, the valid one too").hasValue(2);
    }
}
