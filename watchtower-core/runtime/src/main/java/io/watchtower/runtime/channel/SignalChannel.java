package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;

/**
 * Where notifications go: a person's terminal, a file, an alert manager, a chat, a stream. A
 * channel delivers one notification at a time, in outbox order; the core retries a failed
 * delivery with the same notification (same id) until it succeeds, so a channel must tolerate
 * receiving one twice.
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

    /**
     * Delivers one notification: by default its lead signal in its wire form (schema v1 with the
     * {@code escalation} object). Channels that render groups, alerts or messages override this.
     *
     * @param notification the notification
     * @throws RejectedException when the receiver refuses it for good
     * @throws Exception when delivery failed and must be retried
     */
    default void deliver(Notification notification) throws Exception {
        deliver(notification.signal(), notification.json());
    }

    @Override
    default void close() throws Exception {
    }
}
