package io.watchtower.runtime.channel;

import io.watchtower.runtime.signal.Signal;

/**
 * Where signals go: a person's terminal, a file, an alert manager. A channel delivers one signal
 * at a time, in journal order; the core retries a failed delivery with the same signal (same id)
 * until it succeeds, so a channel must tolerate receiving a signal twice.
 */
public interface SignalChannel extends AutoCloseable {

    /** @return the channel's unique name */
    String name();

    /**
     * Delivers one signal. Returns only once the signal is durably handed over.
     *
     * @param signal the signal
     * @param json its wire form, one line
     * @throws Exception when delivery failed and must be retried
     */
    void deliver(Signal signal, String json) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
