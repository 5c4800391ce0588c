package io.watchtower.runtime.registry;

/**
 * A tower as the registry knows it.
 *
 * @param host the host its daemon runs on
 * @param id the tower id (unique per host)
 * @param type the tower type
 * @param component the component it watches
 * @param version the daemon version
 * @param configHash hash of the tower's configuration block
 * @param startedMs epoch ms the tower started
 * @param heartbeatMs epoch ms of its last heartbeat
 * @param heartbeatIntervalMs how often its daemon heartbeats
 */
public record TowerRecord(String host, String id, String type, String component, String version, String configHash,
                          long startedMs, long heartbeatMs, long heartbeatIntervalMs) {

    /**
     * @param now epoch ms
     * @return whether its heartbeat is older than three intervals
     */
    public boolean stale(long now) {
        return now - heartbeatMs > 3 * heartbeatIntervalMs;
    }
}
