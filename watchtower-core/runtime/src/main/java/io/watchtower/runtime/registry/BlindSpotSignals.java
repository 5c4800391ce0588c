package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Composes the {@code blind-spot} signals (schema v1) of towers whose heartbeat stopped. */
final class BlindSpotSignals {

    /** The check name of heartbeat blind spots. */
    static final String CHECK = "heartbeat";

    private BlindSpotSignals() {
    }

    static String fingerprint(String host, String tower) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((CHECK + "\u0000" + host + "\u0000" + tower).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param tower the silent tower (its last heartbeat and interval)
     * @param firing raised or resolved
     * @param sinceMs when it became a blind spot: last heartbeat plus three intervals
     * @param atMs now
     * @param raisedBy the host of the watching daemon
     * @return the signal
     */
    static Signal compose(TowerRecord tower, boolean firing, long sinceMs, long atMs, String raisedBy) {
        String fingerprint = fingerprint(tower.host(), tower.id());
        String state = firing ? "firing" : "resolved";
        double interval = tower.heartbeatIntervalMs() / 1000.0;
        double silent = Math.max(0, atMs - tower.heartbeatMs()) / 1000.0;
        double silence = Math.max(0, atMs - sinceMs) / 1000.0 + 3 * interval;
        String last = SignalComposer.iso(tower.heartbeatMs());
        String summary = firing
                ? String.format(Locale.ROOT, "No heartbeat from tower %s on %s since %s (%s; expected every %s):"
                        + " nobody watches %s from %s.", tower.id(), tower.host(), last, seconds(silent),
                        seconds(interval), tower.component(), tower.host())
                : String.format(Locale.ROOT, "Tower %s on %s heartbeats again after about %s of silence"
                        + " (blind from %s).", tower.id(), tower.host(), seconds(silence), SignalComposer.iso(sinceMs));
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, state, sinceMs), fingerprint,
                new Signal.TowerRef(tower.id(), tower.type(), tower.host(), tower.version()), tower.component(), "",
                CHECK, "blind-spot", state, "high", firing ? silent : null, null, null, "seconds",
                new Signal.BaselineRef(interval, 0.0, 3 * interval, "heartbeat", 0, "ready", "global", null),
                firing ? 1.0 : 0.0, SignalComposer.iso(sinceMs), SignalComposer.iso(atMs), summary, List.of(),
                Map.of("last_heartbeat", SignalComposer.iso(tower.heartbeatMs()), "raised_by", raisedBy),
                List.of(), "", Map.of(), false);
    }

    private static String seconds(double s) {
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f min", s / 60);
    }
}
