package io.watchtower.runtime.series;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.signal.TowerInfo;
import io.watchtower.spi.Check;
import io.watchtower.spi.Severity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the series tracker needs to know about a tower: who it is, its declared checks and the
 * configuration's overrides.
 *
 * @param info identity for signals
 * @param checks declared checks by name
 * @param towerBaseline the tower's baseline block
 * @param checkBlocks per-check blocks ({@code baseline}, {@code severity}, {@code runbook})
 */
public record TowerRegistration(TowerInfo info, Map<String, Check> checks, Config towerBaseline,
                                Map<String, Config> checkBlocks) {

    /**
     * @param info identity
     * @param checks declared checks
     * @return a registration without overrides
     */
    public static TowerRegistration of(TowerInfo info, List<Check> checks) {
        return of(info, checks, ConfigFactory.empty(), Map.of());
    }

    /**
     * @param info identity
     * @param checks declared checks
     * @param towerBaseline the tower's baseline block
     * @param checkBlocks per-check blocks
     * @return the registration
     */
    public static TowerRegistration of(TowerInfo info, List<Check> checks, Config towerBaseline,
                                       Map<String, Config> checkBlocks) {
        Map<String, Check> byName = new LinkedHashMap<>();
        checks.forEach(c -> byName.put(c.name(), c));
        return new TowerRegistration(info, byName, towerBaseline, Map.copyOf(checkBlocks));
    }

    Config checkBaseline(String check) {
        Config block = checkBlocks.get(check);
        return block != null && block.hasPath("baseline") ? block.getConfig("baseline") : ConfigFactory.empty();
    }

    Severity severity(Check check) {
        Config block = checkBlocks.get(check.name());
        if (block != null && block.hasPath("severity")) {
            return Severity.valueOf(block.getString("severity").toUpperCase(java.util.Locale.ROOT));
        }
        return check.severity();
    }

    String runbook(Check check) {
        Config block = checkBlocks.get(check.name());
        if (block != null && block.hasPath("runbook")) {
            return block.getString("runbook");
        }
        return check.runbook().isEmpty() ? info.runbook() : check.runbook();
    }
}
