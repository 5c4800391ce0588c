package io.watchtower.runtime.signal;

import java.util.Locale;
import io.watchtower.spi.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds signals for escalation and channel tests. */
public final class Signals {

    private Signals() {
    }

    public static String fingerprint(String host, String component, String check) {
        String h = Integer.toHexString((host + "/" + component + "/" + check).hashCode());
        return ("0000000000000000" + h).substring(h.length());
    }

    public static Signal firing(String component, String check, String severity, double score, Instant since,
                                Instant at) {
        return signal("h1", component, check, "firing", severity, score, since, at);
    }

    public static Signal resolved(Signal firing, Instant at) {
        return signal(firing.tower().host(), firing.component(), firing.check(), "resolved", firing.severity().wireName(), 0.1,
                Instant.parse(firing.since()), at);
    }

    /**
     * A heartbeat blind spot as the registry's blind-spot watch raises it: the tower of
     * {@code component} on {@code host} stopped heartbeating at {@code lastHeartbeat}.
     */
    public static Signal heartbeatBlindSpot(String host, String component, String state, Instant lastHeartbeat,
                                            Instant at) {
        String fingerprint = fingerprint(host, component, "heartbeat");
        String tower = component + "-tower";
        String summary = "firing".equals(state)
                ? "No heartbeat from tower " + tower + " on " + host + " since " + lastHeartbeat
                        + ": nobody watches " + component + " from " + host
                : "Tower " + tower + " on " + host + " heartbeats again";
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, state, lastHeartbeat.toEpochMilli()),
                fingerprint, new Signal.TowerRef(tower, "scripted", host, "0.1.0"), component, "", "heartbeat",
                SignalKind.BLIND_SPOT, SignalState.of(state), Severity.HIGH, null, null, null, "seconds",
                new Signal.BaselineRef(10.0, 0.0, 30.0, "heartbeat", 0, "ready", "global", null),
                "firing".equals(state) ? 1.0 : 0.0, lastHeartbeat.toString(), at.toString(), summary, List.of(),
                Map.of("last_heartbeat", lastHeartbeat.toString(), "raised_by", "web-1"), List.of(), "", Map.of(),
                false);
    }

    public static Signal signal(String host, String component, String check, String state, String severity,
                                double score, Instant since, Instant at) {
        String fingerprint = fingerprint(host, component, check);
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, state, since.toEpochMilli()), fingerprint,
                new Signal.TowerRef(component + "-tower", "scripted", host, "0.1.0"), component, "", check, SignalKind.ANOMALY,
                SignalState.of(state), Severity.valueOf(severity.toUpperCase(Locale.ROOT)), 12.0, null, null, "seconds",
                new Signal.BaselineRef(0.3, 0.0, 1.2, "rolling-median-mad", 500, "ready", "global", null), score,
                since.toString(), at.toString(), check + " of " + component + " is " + state, List.of(), Map.of(),
                List.of(), "https://runbooks.example/" + component, Map.of(), false);
    }
}
