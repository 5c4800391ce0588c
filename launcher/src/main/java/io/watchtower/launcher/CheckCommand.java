package io.watchtower.launcher;

import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.probe.TowerAssembly;
import io.watchtower.spi.TowerClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code watchtower check -c FILE}: validates a configuration, towers' own settings included. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate a configuration: exit 0 when valid, 78 when not (problems printed one per line).")
final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the configuration file")
    Path config;

    @Option(names = "--conf-dir", paramLabel = "DIR", description = "also read DIR/*.conf in name order, each laid over FILE")
    Path confDir;

    @Override
    public Integer call() {
        List<ConfigProblem> problems;
        DaemonConfig daemon;
        try {
            daemon = ConfigDropIns.load(new ConfigLoader(System.getenv()), config, confDir);
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> System.out.println(p));
            return Main.EXIT_CONFIG;
        }
        TowerCatalog catalog = Installation.catalog(daemon);
        catalog.refusals().forEach(r -> System.err.println("warning: " + r));
        problems = new TowerAssembly(catalog, daemon.host(), TowerClock.system(), System.getenv()).validate(daemon);
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.out.println(p));
            return Main.EXIT_CONFIG;
        }
        System.out.println(config + ": valid, " + daemon.towers().size() + " tower(s), " + daemon.channels().size()
                + " channel(s)");
        return 0;
    }
}
