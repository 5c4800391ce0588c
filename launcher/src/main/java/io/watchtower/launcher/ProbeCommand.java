package io.watchtower.launcher;

import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.SecretRedactor;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.probe.TowerAssembly;
import io.watchtower.runtime.probe.TowerLogCapture;
import io.watchtower.runtime.probe.TowerInstance;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.TowerClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code watchtower probe TOWER-ID -c FILE}: runs one probe of one configured tower now, as the
 * daemon would (its own thread, bounded by its timeout), and prints what it saw. Judges nothing and
 * writes nothing: no state, no journal, no signals.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Run one probe of one configured tower now and print its observations, timings and log lines "
                + "(secrets masked). Exit 0 when it saw everything, 1 when a target was unreachable, 2 when the "
                + "probe failed or timed out, 64 for an unknown tower id, 78 for an invalid configuration.")
final class ProbeCommand implements Callable<Integer> {

    /** Exit code of a tower id the configuration does not have (EX_USAGE). */
    static final int EXIT_UNKNOWN_TOWER = 64;

    @Parameters(index = "0", paramLabel = "TOWER-ID", description = "the tower's key under watchtower.towers")
    String towerId;

    @Mixin
    ConfigOptions files;

    @Override
    public Integer call() {
        Startup startup = files.startup();
        if (!startup.problems().isEmpty()) {
            return Main.EXIT_CONFIG;
        }
        DaemonConfig daemon = startup.config();
        TowerConfig tower = daemon.towers().get(towerId);
        if (tower == null) {
            List<String> ids = List.copyOf(new java.util.TreeSet<>(daemon.towers().keySet()));
            System.err.println("no tower \"" + towerId + "\" in " + files.config + ": the configured towers are "
                    + (ids.isEmpty() ? "none" : String.join(", ", ids)));
            return EXIT_UNKNOWN_TOWER;
        }
        SecretRedactor redactor = SecretRedactor.forTower(tower,
                startup.catalog().find(tower.type()).orElseThrow().factory(), System.getenv());
        TowerLogCapture capture = TowerLogCapture.ofTowerType(tower.type());
        try {
            TowerInstance instance = new TowerAssembly(startup.catalog(), daemon.host(), TowerClock.system(),
                    System.getenv()).create(tower);
            ProbeResult result;
            try (RunningTower running = new RunningTower(instance, TowerClock.system(), System.nanoTime())) {
                result = running.probe();
            }
            List<String> lines = capture == null ? List.of("(not captured: the logging in use is not Logback)")
                    : capture.lines();
            ProbeReport report = new ProbeReport(instance, tower.type(), result, lines, redactor);
            report.print(System.out);
            return report.exitCode();
        } finally {
            if (capture != null) {
                capture.close();
            }
        }
    }
}
