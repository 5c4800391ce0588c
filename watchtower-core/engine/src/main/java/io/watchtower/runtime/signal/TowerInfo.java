package io.watchtower.runtime.signal;

import java.util.Map;

/**
 * What a signal says about the tower that raised it.
 *
 * @param id tower id
 * @param type tower type
 * @param component component watched
 * @param runbook the tower's runbook link, may be empty
 * @param labels extra labels
 */
public record TowerInfo(String id, String type, String component, String runbook, Map<String, String> labels) {
}
