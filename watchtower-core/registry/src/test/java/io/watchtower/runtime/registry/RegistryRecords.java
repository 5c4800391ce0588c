package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.spi.Severity;

import java.util.List;
import java.util.Map;

/** Records for registry tests. */
final class RegistryRecords {

    private RegistryRecords() {
    }

    static TowerRecord tower(String host, String id, long heartbeat) {
        return new TowerRecord(host, id, "network-path", "orders-db", "0.1.0", "hash-" + id, 1000, heartbeat, 1000);
    }

    static BaselineRecord baseline(String host, String series, String bucket, long updated) {
        return baseline(host, series, bucket, updated, "ok", false, null);
    }

    /** A baseline published in a state: ok, firing or stale (since {@code staleSince} ms, or null). */
    static BaselineRecord baseline(String host, String series, String bucket, long updated, String state,
                                   boolean flapping, Long staleSince) {
        String[] p = series.split("/");
        return new BaselineRecord(host, series, p[0], p[1], p[2], "orders-db", "milliseconds", bucket, 10.0, 8.0, 12.0,
                10.5, "ready", 500, 0, updated, 1, state, flapping, staleSince);
    }

    /** @return the record after a round trip through the JSON of the publication outbox and the local store */
    static BaselineRecord viaJson(BaselineRecord record) {
        try {
            return SignalJson.mapper().readValue(SignalJson.mapper().writeValueAsString(record), BaselineRecord.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A valid signal of series {@code check} on {@code host}, in {@code state}, at {@code at} ms. */
    static SignalRecord signal(String host, String check, String state, long since, long at) {
        String fingerprint = SignalComposer.heartbeatFingerprint(host, check);
        Signal s = new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, state, since), fingerprint,
                new Signal.TowerRef("t", "network-path", host, "0.1.0"), "orders-db", "", check, SignalKind.ANOMALY,
                SignalState.of(state), Severity.HIGH, 12.0, null, null, "milliseconds",
                new Signal.BaselineRef(1.0, 0.5, 1.5, "rolling-median-mad", 30, "partial", "global", null), 0.9,
                SignalComposer.iso(since), SignalComposer.iso(at), check + " is " + state, List.of(), Map.of(), List.of(),
                "", Map.of(), false);
        return SignalRecord.of(SignalJson.write(s));
    }
}
