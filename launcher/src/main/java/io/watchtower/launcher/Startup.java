package io.watchtower.launcher;

import io.watchtower.runtime.DaemonSettings;
import io.watchtower.runtime.StartupCheck;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.spi.TowerClock;

import java.util.List;
import java.util.Map;

/**
 * What {@code check} and {@code run} start from: the configuration, the installed towers and every
 * problem found by the same {@link StartupCheck}, so the two commands always agree.
 *
 * @param config the configuration (null when it could not be read)
 * @param catalog the installed tower types (null when the configuration could not be read)
 * @param problems every problem, in file order; empty when the daemon can start
 * @param settings the typed settings the daemon starts from, read once (null when there are problems)
 */
record Startup(DaemonConfig config, TowerCatalog catalog, List<ConfigProblem> problems, DaemonSettings settings) {

    /**
     * @param reading the configuration as read
     * @param environment environment variables, for secrets
     * @return the checked start
     */
    static Startup check(ConfigReading reading, Map<String, String> environment) {
        TowerCatalog catalog = reading.config() == null ? null : Installation.catalog(reading.config());
        StartupCheck.Checked checked = StartupCheck.check(reading, catalog, environment);
        return new Startup(reading.config(), catalog, checked.problems(), checked.settings());
    }

    /**
     * The checked start of {@code run}: the same check, whose towers are kept for the daemon to start.
     *
     * @param reading the configuration as read
     * @param clock the clock the towers read
     * @param environment environment variables, for secrets
     * @return the catalog and what the check prepared (its towers open when there are no problems)
     */
    static Run prepare(ConfigReading reading, TowerClock clock, Map<String, String> environment) {
        TowerCatalog catalog = reading.config() == null ? null : Installation.catalog(reading.config());
        return new Run(reading.config(), catalog, StartupCheck.prepare(reading, catalog, clock, environment));
    }

    /**
     * What {@code run} starts from.
     *
     * @param config the configuration (null when it could not be read)
     * @param catalog the installed tower types (null when the configuration could not be read)
     * @param prepared the checked settings, the towers and every problem
     */
    record Run(DaemonConfig config, TowerCatalog catalog, StartupCheck.Prepared prepared) {
    }

    /**
     * Reads and checks a configuration for a command ({@code check}, {@code probe}): refused tower
     * jars are printed as warnings on standard error, every problem on standard output.
     *
     * @param config the configuration file
     * @param confDir the drop-in folder, or null
     * @return the checked start; {@link #problems()} says whether the command may go on
     */
    static Startup forCommand(java.nio.file.Path config, java.nio.file.Path confDir) {
        Map<String, String> environment = System.getenv();
        Startup startup = check(ConfigDropIns.read(new io.watchtower.runtime.config.ConfigLoader(environment), config,
                confDir), environment);
        if (startup.catalog() != null) {
            startup.catalog().refusals().forEach(r -> System.err.println("warning: " + r));
        }
        startup.problems().forEach(System.out::println);
        return startup;
    }
}
