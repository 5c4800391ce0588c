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

    @Test
    void aNameServerThatNeverAnswersFailsTheDeliveryAtItsDeadline() throws Exception {
        Notification n = new PostgresLagScenario().notifications.get(0);
        // a real UDP socket that takes the queries and never answers
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
             io.watchtower.net.BoundedResolver resolver = io.watchtower.net.BoundedResolver.using(
                     java.util.List.of((java.net.InetSocketAddress) silent.getLocalSocketAddress()))) {
            WebhookChannel channel = new WebhookChannel("hook", java.net.URI.create("http://hooks.never-answers.test/hook"),
                    null, new HttpPost(Duration.ofMillis(400), null, resolver));
            long started = System.nanoTime();
            assertThatThrownBy(() -> channel.deliver(n)).isInstanceOf(IOException.class)
                    .hasMessage("no answer from http://hooks.never-answers.test/hook within 400 ms"
                            + " (resolving hooks.never-answers.test took longer than 400 ms)");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            // the JDK's resolver retries for seconds; a second of slack for a busy machine
            assertThat(tookMillis).as("the delivery gave up at its deadline").isLessThan(1400);
            byte[] buffer = new byte[512];
            java.net.DatagramPacket query = new java.net.DatagramPacket(buffer, buffer.length);
            silent.setSoTimeout(5000); // the query may arrive after the deadline on a busy machine
            silent.receive(query);
            assertThat(query.getLength()).as("the name server was asked").isPositive();
        }
    }
}
