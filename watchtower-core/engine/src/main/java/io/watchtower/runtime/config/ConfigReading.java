package io.watchtower.runtime.config;

import java.util.List;

/**
 * A configuration as far as it could be read, with every problem found in it.
 *
 * @param config the configuration; null when the file could not be parsed or resolved. With
 *               problems, it holds defaults in place of the invalid values and only the towers
 *               whose core settings are valid, so that the rest can still be checked
 * @param problems every problem, in file order
 */
public record ConfigReading(DaemonConfig config, List<ConfigProblem> problems) {

    /** @param problems every problem */
    public ConfigReading {
        problems = List.copyOf(problems);
    }

    /**
     * @return the configuration
     * @throws InvalidConfigException when there is any problem
     */
    public DaemonConfig orThrow() {
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return config;
    }
}
