package io.watchtower.testkit;

/**
 * A real server of the kind a tower watches, and what the compatibility kit can observe of the
 * writes it receives: {@link TowerCompatibilityKit} probes the tower against it and requires the
 * count of writes to be the same before and after.
 */
public interface MutationWitness extends AutoCloseable {

    /** @return a tower block (without {@code type}) that points the tower at the witnessed server */
    String settings();

    /**
     * The writes the server has counted so far. Called before the tower is created and after it is
     * closed; waits until the server's counters include the sessions that have ended.
     *
     * @return a count that grows with every write, whoever sends it
     */
    long writes();

    /** @return what {@link #writes()} counts, for the failure message */
    String describe();

    /** Stops the server. */
    @Override
    void close();
}
