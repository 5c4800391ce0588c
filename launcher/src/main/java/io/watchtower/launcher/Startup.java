package io.watchtower.launcher;

import io.watchtower.runtime.DaemonSettings;
import io.watchtower.runtime.StartupCheck;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.plugin.TowerCatalog;

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
