package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchtower.runtime.signal.Signal;

/**
 * One signal carried by a notification: the lead itself, the other checks of its group, or a
 * dependant it suppresses. Enough for a channel to raise one alert per member, each with its own
 * evidence (a channel such as Alertmanager keeps only the annotations last sent for an alert, so
 * a member re-sent in another's group must carry its own).
 *
 * @param id the signal id
 * @param fingerprint the series fingerprint
 * @param tower the tower id
 * @param host the host that saw it
 * @param component the component
 * @param check the check
 * @param target the target within the component
 * @param kind the signal kind
 * @param state firing, resolved or stale
 * @param severity the escalated severity
 * @param summary the one-sentence summary
 * @param since when the firing began (ISO-8601)
 * @param at when the transition happened (ISO-8601)
 * @param runbook the runbook link, may be empty
 * @param suppressedBy the firing dependency this member is suppressed by, or null
 * @param observed the observed value in {@code unit}, or null (state and reachability signals)
 * @param observedState the observed categorical value, for change signals; otherwise null
 * @param previousState the long-stable categorical value it changed from; otherwise null
 * @param unit the unit of {@code observed} and the baseline
 * @param baseline what was expected
 * @param score how unusual, in [0, 1]
 * @param flap for a flapping series' firing: how often and how fast it flips; otherwise null
 * @param stale for a firing that ended because its series went stale: since when and why; otherwise null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Member(String id, String fingerprint, String tower, String host, String component, String check,
                     String target, String kind, String state, String severity, String summary, String since,
                     String at, String runbook, String suppressedBy, Double observed, String observedState,
                     String previousState, String unit, Signal.BaselineRef baseline, Double score,
                     Signal.Flap flap, Signal.Stale stale) {

    /**
     * @param signal the signal
     * @param severity its escalated severity
     * @param suppressedBy the suppressing dependency, or null
     * @return the member
     */
    public static Member of(Signal signal, String severity, String suppressedBy) {
        return new Member(signal.id(), signal.fingerprint(), signal.tower().id(), signal.tower().host(),
                signal.component(), signal.check(), signal.target(), signal.kind().wireName(),
                signal.state().wireName(), severity,
                signal.summary(), signal.since(), signal.at(), signal.runbook(), suppressedBy, signal.observed(),
                signal.observedState(), signal.previousState(), signal.unit(), signal.baseline(), signal.score(),
                signal.flap(), signal.stale());
    }

    /** @return whether the member is firing */
    public boolean firing() {
        return "firing".equals(state);
    }
}
