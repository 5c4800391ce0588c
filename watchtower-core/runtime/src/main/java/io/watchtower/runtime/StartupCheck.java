package io.watchtower.runtime;

import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.probe.TowerAssembly;
import io.watchtower.runtime.probe.TowerInstance;
import io.watchtower.runtime.state.StateDirectory;
import io.watchtower.spi.TowerClock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a start needs, checked in one pass so that {@code watchtower check} and
 * {@code watchtower run} agree and report every problem at once: the core's settings, each tower's
 * own settings (through its factory), the registry and API settings (tokens included) and
 * whether the state dir can be used.
 */
public final class StartupCheck {

    private StartupCheck() {
    }

    /**
     * @param reading the configuration as read, with its problems
     * @param catalog installed tower types (null when the configuration could not be read)
     * @param environment environment variables, for secrets
     * @return every problem, in file order; empty when the daemon can start
     */
    public static List<ConfigProblem> problems(ConfigReading reading, TowerCatalog catalog,
                                               Map<String, String> environment) {
        return check(reading, catalog, environment).problems();
    }

    /**
     * The settings a start needs, read once, and every problem found reading them.
     *
     * @param settings the typed settings, null unless there are no problems
     * @param problems every problem, in file order; empty when the daemon can start
     */
    public record Checked(DaemonSettings settings, List<ConfigProblem> problems) {
    }

    /**
     * @param reading the configuration as read, with its problems
     * @param catalog installed tower types (null when the configuration could not be read)
     * @param environment environment variables, for secrets
     * @return the settings to start from, or every problem
     */
    public static Checked check(ConfigReading reading, TowerCatalog catalog, Map<String, String> environment) {
        Prepared prepared = prepare(reading, catalog, TowerClock.system(), environment);
        TowerAssembly.closeAll(prepared.towers().values());
        return new Checked(prepared.settings(), prepared.problems());
    }

    /**
     * What a start needs, checked: the settings and the towers, created once (the check creates
     * every tower to validate it, and the daemon starts those very towers).
     *
     * @param settings the typed settings, null unless there are no problems
     * @param towers the created towers by id, open (empty unless there are no problems); the
     *               caller starts or closes them
     * @param problems every problem, in file order; empty when the daemon can start
     */
    public record Prepared(DaemonSettings settings, Map<String, TowerInstance> towers, List<ConfigProblem> problems) {
    }

    /**
     * {@link #check} that keeps the towers it created, for the daemon to start.
     *
     * @param reading the configuration as read, with its problems
     * @param catalog installed tower types (null when the configuration could not be read)
     * @param clock the clock the towers read
     * @param environment environment variables, for secrets
     * @return the settings and towers to start from, or every problem (then no tower is open)
     */
    public static Prepared prepare(ConfigReading reading, TowerCatalog catalog, TowerClock clock,
                                   Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>(reading.problems());
        DaemonConfig config = reading.config();
        if (config == null) {
            return new Prepared(null, Map.of(), ConfigProblem.inFileOrder(problems));
        }
        Map<String, TowerInstance> towers = Map.of();
        if (catalog != null) {
            try {
                towers = new TowerAssembly(catalog, config.host(), clock, environment).createAll(config.towers().values());
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        }
        DaemonSettings settings = DaemonSettings.read(config, problems);
        problems.addAll(StateDirectory.problems(config.stateDir(), config.settings().hasPath("state-dir")
                ? config.settings().getValue("state-dir").origin() : config.settings().origin()));
        if (!problems.isEmpty()) {
            TowerAssembly.closeAll(towers.values());
            return new Prepared(null, Map.of(), ConfigProblem.inFileOrder(problems));
        }
        return new Prepared(settings, towers, List.of());
    }
}
