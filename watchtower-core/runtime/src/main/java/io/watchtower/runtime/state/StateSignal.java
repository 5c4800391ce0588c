package io.watchtower.runtime.state;

import io.watchtower.runtime.series.SeriesKey;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code watchtower/state} signal: a state file was corrupt and quarantined, so the daemon
 * started without part of what it knew (silences, escalation groups, registry records or a
 * journal line). A blind spot of the daemon itself, at high severity, naming the file and where
 * it went; an operator looks at it and deletes it.
 */
public final class StateSignal {

    /** The pseudo-tower and component of the daemon's own signals. */
    public static final String TOWER = "watchtower";
    /** The check of this signal. */
    public static final String CHECK = "state";

    private StateSignal() {
    }

    /**
     * @param moved the quarantined file
     * @param host this daemon's host
     * @param version this daemon's version
     * @param at when it was quarantined
     * @return a firing blind-spot signal for it
     */
    public static Signal firing(Quarantine.Moved moved, String host, String version, Instant at) {
        String target = moved.file().toString();
        String fingerprint = new SignalComposer(host, version).fingerprint(new SeriesKey(TOWER, target, CHECK));
        long since = at.toEpochMilli();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("file", target);
        context.put("moved_to", moved.movedTo().toString());
        context.put("reason", moved.reason());
        if (moved.offset() >= 0) {
            context.put("offset", Long.toString(moved.offset()));
        }
        String summary = "State " + moved.describe() + "; the daemon started without it. Look at the file, then delete it.";
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, "firing", since), fingerprint,
                new Signal.TowerRef(TOWER, "daemon", host, version), TOWER, target, CHECK, "blind-spot", "firing",
                "high", null, null, null, "none", new Signal.BaselineRef(null, null, null, "none", 0, "ready", "global", null),
                1.0, SignalComposer.iso(since), SignalComposer.iso(since), summary, List.of(), Map.copyOf(context),
                List.of(), "", Map.of(), false);
    }
}
