package io.watchtower.spi;

/**
 * One configured tower instance. It only looks at its component and reports what it saw.
 *
 * <p>The core calls {@link #observe(Observations)} on a schedule, never concurrently with itself,
 * from a thread owned by this tower, and bounds every call by the configured timeout (the thread is
 * interrupted). Blocking I/O does not notice an interrupt: size every socket, query and request
 * timeout from {@link Observations#deadline()}. The tower never retries, sleeps to wait for the next
 * probe, keeps previous readings to compute rates (report {@link CheckKind#COUNTER counters}), or
 * mutates what it watches.
 */
public interface Tower extends AutoCloseable {

    /**
     * Takes one look and reports every observation to {@code out}.
     *
     * <p>Report an unreachable target with {@link TargetObservations#unreachable(String)} rather
     * than by throwing; throw only when the tower itself could not probe at all (the core turns
     * repeated failures into a blind-spot signal).
     *
     * @param out where observations go
     * @throws Exception when the probe failed as a whole
     */
    void observe(Observations out) throws Exception;

    /**
     * Releases connections and threads. Called once; must tolerate being called again.
     */
    @Override
    default void close() {
    }
}
