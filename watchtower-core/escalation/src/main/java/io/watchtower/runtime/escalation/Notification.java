package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchtower.runtime.signal.Signal;

import java.util.List;

/**
 * What a channel delivers: one lead signal (wire schema v1, with its escalated severity) and the
 * escalation block saying why it is sent now, what else of the component fires, which dependants
 * it suppresses and what the fleet sees. Its wire form is the signal's JSON with an
 * {@code escalation} object added.
 *
 * @param signal the lead signal; {@code severity} is the escalated severity
 * @param escalation why and with what context it is sent
 */
public record Notification(Signal signal, Escalation escalation) {

    /** A new firing signal is notified; the notification id is the signal id. */
    public static final String FIRING = "firing";
    /** A notified firing resolved; the notification id is the signal id. */
    public static final String RESOLVED = "resolved";
    /** A group still fires after the repeat interval. */
    public static final String REPEAT = "repeat";
    /** A firing group's severity rose. */
    public static final String ESCALATED = "escalated";

    /**
     * Why and with what context a notification is sent.
     *
     * @param notification the notification id: the lead signal's id for firing and resolved
     *                     notifications, a derived id for repeats and escalations; the same on every retry
     * @param reason firing, resolved, repeat or escalated
     * @param declaredSeverity the check's declared severity
     * @param routeSeverity the severity the notification is routed by
     * @param firingFor seconds the lead has been firing
     * @param group every member of the component's group in this notification, the lead first
     * @param suppressing firing dependants suppressed because this component fires
     * @param fleet what other hosts watching the component see, or null on a single host
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Escalation(String notification, String reason, String declaredSeverity, String routeSeverity,
                             long firingFor, List<Member> group, List<Member> suppressing, Fleet fleet) {
    }

    /**
     * The fleet's view of a component.
     *
     * @param hosts hosts whose towers watch the component
     * @param firing hosts on which it fires
     * @param summary one sentence, for example "seen from 3 of 3 hosts"
     */
    public record Fleet(List<String> hosts, List<String> firing, String summary) {
    }

    /** @return the notification id (the idempotency key) */
    public String id() {
        return escalation.notification();
    }

    /** @return the reason it is sent */
    public String reason() {
        return escalation.reason();
    }

    /** @return the members of the component's group, the lead first */
    public List<Member> group() {
        return escalation.group();
    }

    /** @return the wire form: the signal's JSON with the escalation object */
    public String json() {
        return NotificationJson.write(this);
    }

    /**
     * @param json a notification's wire form
     * @return the notification
     * @throws IllegalArgumentException when it is not one
     */
    public static Notification read(String json) {
        return NotificationJson.read(json);
    }
}
