package io.watchtower.runtime.registry;

import java.util.Collection;
import java.util.List;

/**
 * Where the registry is kept: the local store in the state dir, or PostgreSQL for a fleet. Every
 * write is idempotent, so a publication replayed after a failure leaves no duplicate.
 */
public interface RegistryStore extends AutoCloseable {

    /**
     * Makes {@code towers} the towers of {@code host}: upserts them and removes that host's others
     * (with their baselines).
     *
     * @param host the host
     * @param towers its towers
     */
    void putTowers(String host, List<TowerRecord> towers);

    /**
     * Records a heartbeat of some towers of a host. A heartbeat never moves back in time.
     *
     * @param host the host
     * @param towers tower ids
     * @param atMs epoch ms
     * @param intervalMs the heartbeat interval
     */
    void heartbeat(String host, Collection<String> towers, long atMs, long intervalMs);

    /**
     * Upserts baselines; a record not newer than the stored one of its series and bucket is ignored.
     *
     * @param baselines the baselines
     */
    void putBaselines(List<BaselineRecord> baselines);

    /**
     * Inserts signal transitions; one whose id is stored already is ignored.
     *
     * @param signals in order
     */
    void putSignals(List<SignalRecord> signals);

    /**
     * @param host a host, or null for all
     * @return towers, by host and id
     */
    List<TowerRecord> towers(String host);

    /**
     * @param query filters
     * @return the latest baseline of every matching series, by host and series
     */
    List<BaselineRecord> baselines(BaselineQuery query);

    /**
     * @param host the host
     * @param series the series id
     * @return its baseline in every season bucket it was published for
     */
    List<BaselineRecord> seriesBaselines(String host, String series);

    /**
     * @param query filters
     * @return matching transitions in order of time
     */
    List<SignalRecord> signals(SignalQuery query);

    /**
     * Deletes signal history older than a moment (series firing now keep their firing transition).
     *
     * @param beforeMs epoch ms
     * @return transitions deleted
     */
    long prune(long beforeMs);

    @Override
    void close();
}
