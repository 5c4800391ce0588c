package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;

import java.time.Duration;
import java.util.Map;

/**
 * One tower's block, with the core's keys parsed and the tower's own settings set apart.
 *
 * @param id the tower id (its key under {@code watchtower.towers})
 * @param type the tower type
 * @param component the component it watches
 * @param interval probe interval
 * @param timeout probe timeout
 * @param jitter fraction of the interval each delay varies by
 * @param backoffFactor interval growth per probe while unreachable
 * @param backoffMax the longest interval while backing off
 * @param baseline the tower-level baseline block (may be empty), applied over the global one
 * @param checks per-check override blocks by check name
 * @param runbook a runbook link for the tower's signals, or empty
 * @param labels extra labels copied onto signals
 * @param settings the tower's own settings: the block without the core's keys
 * @param block the whole block, for origins
 * @param fingerprint a hash of the whole block, to tell changed towers on reload
 * @param dependsOn components the watched component depends on ({@code depends-on}): while one of them
 *                  fires, this component's signals are suppressed by it
 */
public record TowerConfig(String id, String type, String component, Duration interval, Duration timeout,
                          double jitter, double backoffFactor, Duration backoffMax, Config baseline,
                          Map<String, Config> checks, String runbook, Map<String, String> labels, Config settings,
                          ConfigValue block, String fingerprint,
                          java.util.List<String> dependsOn) {

    /** @return the full path of this tower's block */
    public String path() {
        return "watchtower.towers." + ConfigPaths.quote(id);
    }
}
