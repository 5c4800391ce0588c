package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bodies the Alertmanager and Slack channels post are, byte for byte, those the object tree
 * built before they were written with the streaming generator: {@code channel/*-before.jsonl} holds
 * the bodies of the PostgreSQL-lag scenario's notifications as that build wrote them, one a line.
 */
class ChannelPayloadFormTest {

    private static final Instant FIRING_END = Instant.parse("2026-01-10T20:10:00Z");

    static List<String> alertmanagerBodies() {
        List<String> bodies = new ArrayList<>();
        for (Notification n : new PostgresLagScenario().notifications) {
            bodies.add(AlertmanagerChannel.alerts(n, "http://db-mon-1:9477/", FIRING_END));
            bodies.add(AlertmanagerChannel.alerts(n, "", FIRING_END));
        }
        return bodies;
    }

    static List<String> slackBodies() {
        List<String> bodies = new ArrayList<>();
        for (Notification n : new PostgresLagScenario().notifications) {
            bodies.add(SlackChannel.message(n, "http://db-mon-1:9477/"));
            bodies.add(SlackChannel.message(n, ""));
        }
        return bodies;
    }

    private static List<String> before(String name) throws IOException {
        try (InputStream in = ChannelPayloadFormTest.class.getResourceAsStream("/channel/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void alertmanagerAlertsAreTheBytesPostedBefore() throws IOException {
        List<String> before = before("alertmanager-before.jsonl");
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);
        assertThat(alertmanagerBodies()).containsExactlyElementsOf(before);
    }

    @Test
    void slackMessagesAreTheBytesPostedBefore() throws IOException {
        List<String> before = before("slack-before.jsonl");
        assertThat(before).hasSizeGreaterThanOrEqualTo(2);
        assertThat(slackBodies()).containsExactlyElementsOf(before);
    }
}
