package io.watchtower.spi;

/**
 * Where a tower reports what one probe saw. Not thread-safe: use it from the thread that called
 * {@link Tower#observe(Observations)}, before that call returns.
 */
public interface Observations {

    /**
     * Completed probes of a tower in a row without a series after which the core calls the series
     * stale (a firing one stops firing, with a stale signal). A tower that reports a series only on
     * some probes reports it at least every this many probes, so it never goes stale while the
     * tower sees its target. A rule of the core, stated here; no tower sets it.
     */
    int STALE_AFTER_PROBES = 3;

    /**
     * Observations about one target of the tower: a server, a stream, a name, a URL.
     *
     * <p>The target name becomes part of every series key, so keep it stable and free of
     * host-specific or unbounded parts (no pids, query texts or timestamps).
     *
     * @param target a stable name, for example {@code "db-1:5432"} or {@code "orders-stream"}
     * @return a view that reports for that target
     */
    TargetObservations target(String target);

    /**
     * When the core gives up on this probe: size every socket, query and request timeout from
     * it, for example {@code out.deadline().share(serversLeft)} per server, so a slow first
     * target cannot use the time of the next. Since SPI version 2.
     *
     * @return this probe's deadline
     */
    ProbeDeadline deadline();
}
