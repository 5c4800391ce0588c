package io.watchtower.tower.postgres;

import io.watchtower.spi.Observations;

import java.time.Duration;

/**
 * Which probes of one server also time a new session ({@code connect_time}, {@code connect_failures}).
 *
 * <p>A login is the most expensive part of a probe, for the daemon (the driver's connection set-up)
 * and for the server (a backend started and torn down), and its figure changes slowly; the catalog
 * queries run every probe on the pooled session, which keeps the server in sight. So a new session
 * is timed once per {@code connect-interval}, counted in probes of the tower, but at least every
 * {@value #MAX_PROBES_APART} probes: the core calls a series stale after
 * {@link Observations#STALE_AFTER_PROBES} completed probes in a row without it. A probe after one
 * whose login failed, or that lost sight of the server, times a new session again, so a refusal or
 * an outage is followed at every probe until it ends.
 */
final class ConnectCadence {

    /**
     * The most probes from one timed session to the next: the probes between them stay fewer than
     * those that make a series stale.
     */
    static final int MAX_PROBES_APART = Observations.STALE_AFTER_PROBES;

    private final int every;
    /** Probes since the last timed session. */
    private int since;
    private boolean due = true;

    /**
     * @param every time a new session every this many probes, 1 to {@value #MAX_PROBES_APART}
     */
    ConnectCadence(int every) {
        if (every < 1 || every > MAX_PROBES_APART) {
            throw new IllegalArgumentException("every must be 1 to " + MAX_PROBES_APART + ", not " + every);
        }
        this.every = every;
    }

    /**
     * @param connectInterval how often a new session should be timed
     * @param towerInterval the tower's probe interval
     * @return the cadence: the probes that make up {@code connectInterval} (rounded up), at least
     *         one, at most {@value #MAX_PROBES_APART}
     */
    static ConnectCadence of(Duration connectInterval, Duration towerInterval) {
        long interval = Math.max(1, towerInterval.toMillis());
        long probes = (connectInterval.toMillis() + interval - 1) / interval;
        return new ConnectCadence((int) Math.max(1, Math.min(MAX_PROBES_APART, probes)));
    }

    /** @return how many probes apart new sessions are timed while the server answers */
    int every() {
        return every;
    }

    /**
     * Called once at the start of each probe of the server.
     *
     * @return whether this probe times a new session
     */
    boolean next() {
        since++;
        if (due || since >= every) {
            since = 0;
            due = false;
            return true;
        }
        return false;
    }

    /** The login failed or the server was out of sight: the next probe times a new session again. */
    void again() {
        due = true;
    }
}
