package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;

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
     * Delivers one notification (its lead signal, in its wire form {@link Notification#json()}: schema
     * v1 with the {@code escalation} object; or rendered as the channel's receiver expects it).
     * Returns only once the notification is durably handed over.
     *
     * @param notification the notification
     * @throws RejectedException when the receiver refuses it for good
     * @throws Exception when delivery failed and must be retried
     */
    void deliver(Notification notification) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
