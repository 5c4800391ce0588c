package io.watchtower.testkit;

import io.watchtower.runtime.channel.SignalChannel;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;

import java.util.ArrayList;
import java.util.List;

/** A channel that keeps what it was given, validating each signal against the schema. */
public final class RecordingChannel implements SignalChannel {

    private final String name;
    private final List<Signal> signals = new ArrayList<>();
    private volatile boolean failing;

    /** @param name the channel's name */
    public RecordingChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** @param value whether deliveries fail from now on (to test retries) */
    public void failing(boolean value) {
        this.failing = value;
    }

    @Override
    public synchronized void deliver(Notification notification) throws java.io.IOException {
        if (failing) {
            throw new java.io.IOException("channel " + name + " is down (simulated by the test)");
        }
        SignalSchema.assertValid(notification.json());
        signals.add(notification.signal());
    }

    /** @return every signal delivered, in order */
    public synchronized List<Signal> signals() {
        return List.copyOf(signals);
    }
}
