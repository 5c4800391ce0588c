package io.watchtower.runtime.config;

import java.time.Duration;

/**
 * The {@code watchtower.escalation} and {@code watchtower.delivery} blocks.
 *
 * @param groupWait how long a component's group collects firings before its first notification
 * @param repeatInterval how often a group that keeps firing is notified again
 * @param raiseScore a score at or above which the severity is raised one level
 * @param raiseAfter firing this long raises the severity one level
 * @param statusUrl the status page linked from notifications; empty: the API listener's {@code /}
 * @param outboxSize the most notifications each channel's outbox keeps
 * @param retryMin the first retry delay of a failed delivery
 * @param retryMax the longest retry delay
 * @param timeout how long one delivery may take
 */
public record EscalationConfig(Duration groupWait, Duration repeatInterval, double raiseScore, Duration raiseAfter,
                               String statusUrl, int outboxSize, Duration retryMin, Duration retryMax,
                               Duration timeout) {
}
