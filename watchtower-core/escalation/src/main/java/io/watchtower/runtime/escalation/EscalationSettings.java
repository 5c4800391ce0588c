package io.watchtower.runtime.escalation;

import java.time.Duration;

/**
 * How signals become notifications.
 *
 * @param groupWait how long a component's group collects firings before its first notification
 * @param repeatInterval how often a group that keeps firing is notified again
 * @param raiseScore a score at or above which the severity is raised one level
 * @param raiseAfter firing this long raises the severity one level
 * @param statusUrl the status page linked from notifications (generatorURL, Slack links), may be empty
 */
public record EscalationSettings(Duration groupWait, Duration repeatInterval, double raiseScore, Duration raiseAfter,
                                 String statusUrl) {

    /** @return the defaults of reference.conf */
    public static EscalationSettings defaults() {
        return new EscalationSettings(Duration.ofSeconds(10), Duration.ofHours(4), 0.9, Duration.ofMinutes(30), "");
    }
}
