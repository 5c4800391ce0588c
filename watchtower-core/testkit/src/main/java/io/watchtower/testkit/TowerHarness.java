package io.watchtower.testkit;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.watchtower.runtime.WatchtowerVersion;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.probe.TowerAssembly;
import io.watchtower.runtime.probe.TowerInstance;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.spi.Observations;
import io.watchtower.spi.TowerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives one tower, and the production series pipeline, through simulated time: each
 * {@link #probe()} advances the {@link FakeClock} by the tower's interval, runs one real probe
 * (bounded by the tower's timeout, on the tower's own thread, exactly as the daemon does) and
 * judges it. Every signal is validated against the wire schema and recorded.
 *
 * <pre>{@code
 * try (TowerHarness h = TowerHarness.of(new NetworkPathTowerFactory(),
 *         "interval = 1s, targets = [\"127.0.0.1:" + port + "\"]")) {
 *     h.probes(30);                       // warm-up
 *     listener.close();
 *     List<Signal> fired = h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE, 5);
 * }
 * }</pre>
 */
public final class TowerHarness implements AutoCloseable {

    /** The id the tower under test gets. */
    public static final String TOWER_ID = "under-test";

    private final FakeClock clock;
    private final RunningTower running;
    private final TowerInstance instance;
    private final SeriesTracker tracker;
    private final List<Signal> signals = new ArrayList<>();
    private final Duration interval;
    private ProbeResult last;
    private boolean first = true;

    private TowerHarness(FakeClock clock, TowerInstance instance, DaemonConfig config) {
        this.clock = clock;
        this.instance = instance;
        this.interval = instance.interval();
        this.running = new RunningTower(instance, clock, 42);
        this.tracker = new SeriesTracker(new SignalComposer(config.host(), WatchtowerVersion.get()), config.baseline(),
                signal -> {
                    SignalSchema.assertValid(signal);
                    signals.add(signal);
                });
        tracker.register(instance.registration());
    }

    /**
     * A harness for a tower configured by {@code towerBlock}.
     *
     * @param factory the tower type
     * @param towerBlock HOCON of the tower's block without {@code type}, e.g. {@code "interval = 1s, targets = [...]"}
     * @return the harness
     */
    public static TowerHarness of(TowerFactory factory, String towerBlock) {
        return of(factory, towerBlock, "", new FakeClock());
    }

    /**
     * A harness with global settings.
     *
     * @param factory the tower type
     * @param towerBlock HOCON of the tower's block without {@code type}
     * @param global HOCON inside {@code watchtower { }} besides towers, e.g. {@code "baseline.warm-up = 10"}
     * @param clock the clock to drive
     * @return the harness
     */
    public static TowerHarness of(TowerFactory factory, String towerBlock, String global, FakeClock clock) {
        DaemonConfig config = config(factory, towerBlock, global);
        TowerConfig tower = config.towers().get(TOWER_ID);
        TowerInstance instance = new TowerAssembly(TowerCatalog.of(factory), config.host(), clock, System.getenv())
                .create(tower);
        return new TowerHarness(clock, instance, config);
    }

    /**
     * Parses and validates a configuration holding one tower of {@code factory}'s type, as the
     * daemon would.
     *
     * @param factory the tower type
     * @param towerBlock the tower's block without {@code type}
     * @param global other settings inside {@code watchtower { }}
     * @return the validated configuration
     */
    public static DaemonConfig config(TowerFactory factory, String towerBlock, String global) {
        String text = "watchtower {\n  host = \"test-host\"\n  state-dir = \"" + Path.of("target", "harness-state")
                .toAbsolutePath().toString().replace("\\", "/") + "\"\n" + global + "\n  towers { " + TOWER_ID
                + " {\n    type = " + factory.type() + "\n" + towerBlock + "\n  } }\n}\n";
        return new ConfigLoader(System.getenv()).validate(
                ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription("harness.conf")),
                Path.of("harness.conf"));
    }

    /**
     * Runs one probe: advances the clock by the interval (not before the very first probe), probes
     * and judges.
     *
     * @return the signals this probe caused
     */
    public List<Signal> probe() {
        tick();
        last = running.probe();
        return tracker.accept(last);
    }

    /**
     * Judges scripted observations as if the tower had reported them (the clock advances as for
     * a probe). Use it to feed days of synthetic values through the production pipeline.
     *
     * @param report reports observations
     * @return the signals they caused
     */
    public List<Signal> report(Consumer<Observations> report) {
        tick();
        last = RunningTower.scripted(TOWER_ID, clock.now().toEpochMilli(), report);
        return tracker.accept(last);
    }

    private void tick() {
        if (!first) {
            clock.advance(interval);
        }
        first = false;
    }

    /**
     * @param n how many probes
     * @return the signals they caused
     */
    public List<Signal> probes(int n) {
        List<Signal> caused = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            caused.addAll(probe());
        }
        return caused;
    }

    /**
     * Probes until a signal matching {@code wanted} appears, at most {@code max} probes.
     *
     * @param wanted what to wait for
     * @param max the most probes to run
     * @return the number of probes it took, or empty when it never appeared
     */
    public Optional<Integer> probesUntil(java.util.function.Predicate<Signal> wanted, int max) {
        for (int i = 1; i <= max; i++) {
            if (probe().stream().anyMatch(wanted)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** @return every signal so far, in order */
    public List<Signal> signals() {
        return List.copyOf(signals);
    }

    /** @return the last probe's result */
    public ProbeResult lastResult() {
        return last;
    }

    /** @return the series tracker */
    public SeriesTracker tracker() {
        return tracker;
    }

    /** @return every series */
    public List<SeriesView> series() {
        return tracker.views();
    }

    /**
     * @param target a target
     * @param check a check
     * @return the series, if observed
     */
    public Optional<SeriesView> series(String target, String check) {
        return tracker.views().stream()
                .filter(v -> v.key().target().equals(target) && v.key().check().equals(check)).findFirst();
    }

    /** @return the clock */
    public FakeClock clock() {
        return clock;
    }

    /** @return the tower and its schedule */
    public TowerInstance instance() {
        return instance;
    }

    /** @return the detector snapshots of every series */
    public Map<io.watchtower.runtime.signal.SeriesKey, byte[]> snapshot() {
        return tracker.snapshot();
    }

    @Override
    public void close() {
        running.close();
    }
}
