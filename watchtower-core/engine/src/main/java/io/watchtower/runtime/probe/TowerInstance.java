package io.watchtower.runtime.probe;

import io.watchtower.runtime.series.TowerRegistration;
import io.watchtower.spi.Tower;

import java.time.Duration;

/**
 * A created tower with its schedule.
 *
 * @param id the tower id
 * @param tower the tower
 * @param registration what the series tracker needs to know about it
 * @param interval probe interval
 * @param timeout probe timeout
 * @param jitter fraction each interval varies by
 * @param backoffFactor interval growth per bad probe
 * @param backoffMax the longest interval while backing off
 * @param fingerprint the configuration hash, to tell changes on reload
 */
public record TowerInstance(String id, Tower tower, TowerRegistration registration, Duration interval,
                            Duration timeout, double jitter, double backoffFactor, Duration backoffMax,
                            String fingerprint) {
}
