package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.WireSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generic JSON webhook against a local receiver: schema v1 body, HMAC signature, idempotency key. */
class WebhookChannelTest {

    @Test
    void postsTheSchemaBodySignedWithTheIdempotencyKeyAndRetriesOrRejectsOnErrors() throws Exception {
        Notification n = new PostgresLagScenario().notifications.get(0);
        byte[] secret = "hook-secret".getBytes(StandardCharsets.UTF_8);
        try (Receiver hook = new Receiver()) {
            WebhookChannel channel = new WebhookChannel("hook", hook.uri("/hook"), secret, Duration.ofSeconds(5));
            channel.deliver(n);
            channel.deliver(n);
            assertThat(hook.requests()).hasSize(2);
            Receiver.Request r = hook.requests().get(0);
            WireSchema.assertValid(r.body());
            assertThat(r.body()).isEqualTo(hook.requests().get(1).body());
            assertThat(r.header("Idempotency-Key")).isEqualTo(n.signal().id()).isEqualTo(n.id());
            assertThat(r.header("X-Watchtower-Signal-Id")).isEqualTo(n.signal().id());
            String expected = "sha256=" + WebhookChannel.sign(secret, r.body());
            assertThat(r.header("X-Watchtower-Signature")).isEqualTo(expected);
            assertThat(WebhookChannel.sign("other".getBytes(StandardCharsets.UTF_8), r.body()))
                    .isNotEqualTo(expected.substring(7));
            assertThat(Notification.read(r.body())).isEqualTo(n);

            hook.status.set(503);
            assertThatThrownBy(() -> channel.deliver(n)).isInstanceOf(IOException.class).hasMessageContaining("503");
            hook.status.set(400);
            assertThatThrownBy(() -> channel.deliver(n)).isInstanceOf(RejectedException.class);
        }
        assertThatThrownBy(() -> new WebhookChannel("hook", java.net.URI.create("http://127.0.0.1:1/hook"), null,
                Duration.ofSeconds(2)).deliver(n)).isInstanceOf(IOException.class);
    }
}
