package io.watchtower.spi;

import java.time.Duration;

/** What the core gives a tower when it creates it. */
public interface TowerContext {

    /** @return the tower's id: its key under {@code watchtower.towers} in the configuration */
    String id();

    /** @return the tower type, see {@link TowerFactory#type()} */
    String type();

    /** @return the component this tower watches, for example {@code "orders-db"} */
    String component();

    /** @return the name of the host the daemon runs on */
    String host();

    /** @return how often the tower is probed */
    Duration interval();

    /**
     * @return how long one probe may take. To bound a call inside a probe, use the probe's
     *     {@link Observations#deadline()}, which also counts the time already spent.
     */
    Duration timeout();

    /** @return the tower's own settings: its configuration block without the core's keys */
    Settings settings();

    /** @return the clock to read time from */
    TowerClock clock();

    /** @return the tower's log */
    TowerLogger logger();
}
