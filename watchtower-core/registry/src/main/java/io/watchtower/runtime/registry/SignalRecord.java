package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;

import java.time.Instant;

/**
 * One signal transition in the registry: indexed fields plus the signal's wire JSON.
 *
 * @param id the signal id (idempotency key)
 * @param host the host of the tower it is about
 * @param tower the tower id
 * @param component the component
 * @param check the check
 * @param kind the kind
 * @param state firing or resolved
 * @param severity the severity
 * @param fingerprint the series fingerprint
 * @param atMs epoch ms of the transition
 * @param summary its one-sentence summary
 * @param json the signal, wire schema v1
 */
public record SignalRecord(String id, String host, String tower, String component, String check, String kind,
                           String state, String severity, String fingerprint, long atMs, String summary,
                           String json) {

    /**
     * @param json a signal's wire JSON
     * @return its record
     */
    public static SignalRecord of(String json) {
        Signal s = SignalJson.read(json);
        return new SignalRecord(s.id(), s.tower().host(), s.tower().id(), s.component(), s.check(), s.kind().wireName(),
                s.state().wireName(), s.severity().wireName(), s.fingerprint(), Instant.parse(s.at()).toEpochMilli(), s.summary(), json);
    }

    /** @return the signal */
    public Signal signal() {
        return SignalJson.read(json);
    }

    /** @return the key of its series across the fleet */
    String seriesKey() {
        return host + "\u0000" + fingerprint;
    }
}
