package io.watchtower.runtime.api;

import io.watchtower.spi.TowerClock;

import java.util.LinkedHashMap;
import java.util.Map;

/** A token bucket per client, refilled at a steady rate; at most 10 000 clients are remembered. */
final class RateLimiter {

    private static final int MAX_CLIENTS = 10_000;

    private final double perNano;
    private final int burst;
    private final TowerClock clock;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    RateLimiter(double perSecond, int burst, TowerClock clock) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
    }

    /** @param client who asks @return whether the request may proceed */
    synchronized boolean allow(String client) {
        long now = clock.nanoTime();
        double[] b = buckets.computeIfAbsent(client, c -> new double[] {burst, now});
        b[0] = Math.min(burst, b[0] + (now - (long) b[1]) * perNano);
        b[1] = now;
        if (b[0] >= 1) {
            b[0] -= 1;
            return true;
        }
        return false;
    }
}
