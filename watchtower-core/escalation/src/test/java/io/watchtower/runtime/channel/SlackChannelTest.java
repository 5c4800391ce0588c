package io.watchtower.runtime.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.WireSchema;
import io.watchtower.runtime.signal.SignalJson;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL replication-lag notification as a Slack message: someone reading only it knows
 * what, where, how bad compared with normal, since when, and where to look next.
 */
class SlackChannelTest {

    @Test
    void theReplicationLagMessageAnswersWhatWhereHowBadSinceWhenAndWhereToLookNext() throws Exception {
        PostgresLagScenario scenario = new PostgresLagScenario();
        assertThat(scenario.notifications).as("one page for orders-db; checkout is suppressed by it").hasSize(1);
        Notification n = scenario.notifications.get(0);
        WireSchema.assertValid(n.json());
        try (Receiver slack = new Receiver()) {
            new SlackChannel("slack", slack.uri("/services/T000/B000/XXXX"), "http://db-mon-1:9477/",
                    Duration.ofSeconds(5)).deliver(n);
            assertThat(slack.requests()).hasSize(1);
            JsonNode body = SignalJson.mapper().readTree(slack.requests().get(0).body());
            String text = body.get("text").asText();
            System.out.println("---- Slack text ----\n" + text + "\n---- Slack body ----\n" + body.toPrettyString()
                    + "\n---- Notification ----\n" + SignalJson.mapper().readTree(n.json()).toPrettyString());

            assertThat(text.lines().findFirst().orElseThrow())
                    .as("what and where, at a glance")
                    .isEqualTo("[CRITICAL] orders-db: replication lag seconds on " + PostgresLagScenario.TARGET
                            + " (+1 more check firing)");
            assertThat(text).as("how bad compared with normal, for this time of the week")
                    .contains("12.4 s against a usual 0.300 s (band 0 s – 1.20 s), 41× normal")
                    .contains("season sat-20h").contains("baseline ready from 2016 samples");
            assertThat(text).as("where: host and tower").contains("tower pg-orders (postgres) on host db-mon-1");
            assertThat(text).as("since when").contains("Since: 2026-01-10 20:02 UTC (firing 1 min)");
            assertThat(text).as("the fleet agrees").contains("Fleet: seen from 3 of 3 hosts");
            assertThat(text).as("what else deviates").contains("Same component: replay lag bytes on "
                    + PostgresLagScenario.TARGET + " firing (high)")
                    .contains("Also deviating: replay lag bytes on " + PostgresLagScenario.TARGET + " 890M (usual 2.1M)");
            assertThat(text).as("the recent trend")
                    .contains("Last observations: 0.400 s, 0.300 s, 2.10 s, 5.80 s, 9.60 s, 12.4 s");
            assertThat(text).as("dependants not paged separately")
                    .contains("Suppressing dependants (not paged separately): checkout response time on checkout.internal:443");
            assertThat(text).as("where to look next").contains("Next: runbook " + PostgresLagScenario.RUNBOOK
                    + " · status http://db-mon-1:9477/");
            assertThat(body.get("blocks").get(0).get("type").asText()).isEqualTo("header");
            assertThat(body.get("blocks").toString()).contains("*How bad:*", "*Since:*", "*Next:*");
        }
    }
}
