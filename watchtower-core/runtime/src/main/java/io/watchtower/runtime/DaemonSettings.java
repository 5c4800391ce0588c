package io.watchtower.runtime;

import io.watchtower.runtime.api.ApiSettings;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.registry.RegistrySettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's configuration read once into typed settings: the core's own (towers, baselines,
 * journal, escalation, channels) and those of the registry and the API, each handed to the part
 * it configures.
 *
 * @param config the core's settings
 * @param registry where signals and towers are published
 * @param api who may call the API, and how often
 */
public record DaemonSettings(DaemonConfig config, RegistrySettings registry, ApiSettings api) {

    /**
     * @param config a validated configuration
     * @return its settings
     * @throws InvalidConfigException when the registry or API settings are invalid
     */
    public static DaemonSettings of(DaemonConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        DaemonSettings settings = read(config, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return settings;
    }

    /**
     * @param config a configuration
     * @param problems where problems are added
     * @return its settings; meaningful only when no problem was added
     */
    static DaemonSettings read(DaemonConfig config, List<ConfigProblem> problems) {
        RegistrySettings registry = RegistrySettings.read(config.settings(), problems);
        ApiSettings api = ApiSettings.read(config.settings(), config.stateDir(), problems);
        return new DaemonSettings(config, registry, api);
    }
}
