package io.watchtower.runtime.probe;

import com.typesafe.config.ConfigValue;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.HoconSettings;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.plugin.TowerType;
import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Settings;
import io.watchtower.spi.SettingsException;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerLogger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Creates towers from their configuration through the installed factories, validating the
 * tower's own settings: the factory's errors, unknown keys (settings the tower did not read), and
 * overrides of checks the tower does not declare.
 */
public final class TowerAssembly {

    private final TowerCatalog catalog;
    private final String host;
    private final TowerClock clock;
    private final Map<String, String> environment;

    /**
     * @param catalog installed tower types
     * @param host the daemon's host name
     * @param clock the clock towers read
     * @param environment environment variables, for secrets
     */
    public TowerAssembly(TowerCatalog catalog, String host, TowerClock clock, Map<String, String> environment) {
        this.catalog = catalog;
        this.host = host;
        this.clock = clock;
        this.environment = environment;
    }

    /**
     * Creates one tower.
     *
     * @param config its configuration
     * @return the tower and its schedule
     * @throws InvalidConfigException when its settings are invalid
     */
    public TowerInstance create(TowerConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        TowerInstance instance = create(config, problems);
        if (!problems.isEmpty()) {
            if (instance != null) {
                instance.tower().close();
            }
            throw new InvalidConfigException(problems);
        }
        return instance;
    }

    /**
     * Creates and closes every tower of a configuration, to validate it.
     *
     * @param config the configuration
     * @return every problem found; empty when valid
     */
    public List<ConfigProblem> validate(DaemonConfig config) {
        try {
            createAll(config.towers().values()).values().forEach(TowerAssembly::closeQuietly);
            return List.of();
        } catch (InvalidConfigException e) {
            return e.problems();
        }
    }

    /**
     * Creates several towers, or none: when any is invalid, those already created are closed and
     * every problem of every tower is reported at once.
     *
     * @param configs the towers' configurations
     * @return the towers by id, in the given order
     * @throws InvalidConfigException listing every problem
     */
    public Map<String, TowerInstance> createAll(java.util.Collection<TowerConfig> configs) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, TowerInstance> created = new java.util.LinkedHashMap<>();
        for (TowerConfig tower : configs) {
            TowerInstance instance = create(tower, problems);
            if (instance != null) {
                created.put(tower.id(), instance);
            }
        }
        if (!problems.isEmpty()) {
            created.values().forEach(TowerAssembly::closeQuietly);
            throw new InvalidConfigException(problems);
        }
        return created;
    }

    /**
     * Closes towers that were created and will not run (a check's, or a start that failed); a
     * failing close is the tower's runtime problem, not a configuration problem, and is ignored.
     *
     * @param towers the towers
     */
    public static void closeAll(java.util.Collection<TowerInstance> towers) {
        towers.forEach(TowerAssembly::closeQuietly);
    }

    private static void closeQuietly(TowerInstance instance) {
        try {
            instance.tower().close();
        } catch (RuntimeException e) {
            // a failing close is the tower's runtime problem, not a config problem
        }
    }

    private TowerInstance create(TowerConfig config, List<ConfigProblem> problems) {
        ConfigValue typeValue = ((com.typesafe.config.ConfigObject) config.block()).get("type");
        TowerType type = catalog.find(config.type()).orElse(null);
        if (type == null) {
            Set<String> installed = catalog.all().stream().map(TowerType::name).collect(Collectors.toCollection(TreeSet::new));
            problems.add(new ConfigProblem(ConfigProblem.describe(typeValue.origin()), config.path() + ".type",
                    "unknown tower type \"" + config.type() + "\": installed types are "
                            + (installed.isEmpty() ? "none" : String.join(", ", installed))));
            return null;
        }
        HoconSettings settings = new HoconSettings(config.settings(), config.path(), config.block(), environment);
        TowerContext context = new Context(config, settings);
        Tower tower;
        try {
            tower = type.factory().create(context);
            if (tower == null) {
                throw new IllegalStateException("factory returned no tower");
            }
        } catch (SettingsException e) {
            problems.add(ConfigProblem.of(e));
            return null;
        } catch (RuntimeException | LinkageError e) {
            problems.add(new ConfigProblem(ConfigProblem.describe(config.block().origin()), config.path(),
                    "tower type " + config.type() + " failed to start: " + e));
            return null;
        }
        problems.addAll(settings.unreadKeys());
        List<Check> checks = type.factory().checks();
        Set<String> declared = checks.stream().map(Check::name).collect(Collectors.toCollection(TreeSet::new));
        for (String check : config.checks().keySet()) {
            if (!declared.contains(check)) {
                problems.add(new ConfigProblem(ConfigProblem.describe(config.checks().get(check).origin()),
                        config.path() + ".checks." + check, "the " + config.type() + " tower has no check " + check
                        + "; its checks are " + String.join(", ", declared)));
            }
        }
        TowerRegistration registration = TowerRegistration.of(
                new TowerInfo(config.id(), config.type(), config.component(), config.runbook(), config.labels()),
                checks, config.baseline(), config.checks());
        TowerInstance instance = new TowerInstance(config.id(), tower, registration, config.interval(), config.timeout(),
                config.jitter(), config.backoffFactor(), config.backoffMax(), config.fingerprint());
        return instance;
    }

    private final class Context implements TowerContext {
        private final TowerConfig config;
        private final Settings settings;
        private final TowerLogger logger;

        Context(TowerConfig config, Settings settings) {
            this.config = config;
            this.settings = settings;
            this.logger = new Slf4jTowerLogger(config.id(), config.type());
        }

        @Override
        public String id() {
            return config.id();
        }

        @Override
        public String type() {
            return config.type();
        }

        @Override
        public String component() {
            return config.component();
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public Duration interval() {
            return config.interval();
        }

        @Override
        public Duration timeout() {
            return config.timeout();
        }

        @Override
        public Settings settings() {
            return settings;
        }

        @Override
        public TowerClock clock() {
            return clock;
        }

        @Override
        public TowerLogger logger() {
            return logger;
        }
    }
}
