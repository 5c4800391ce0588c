package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.channel.ChannelFactory;
import io.watchtower.runtime.channel.SignalChannel;
import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import io.watchtower.spi.TowerClock;
import io.watchtower.testkit.fixture.AlertmanagerServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Alertmanager channel against a real Alertmanager (Debian's prometheus-alertmanager) that
 * routes every alert to a webhook receiver run by this test.
 */
class AlertmanagerChannelTest {

    @Test
    void aFiringGroupBecomesAlertsWithLabelsAndAnnotationsAndTheResolutionEndsTheAlert() throws Exception {
        List<JsonNode> received = new ArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            JsonNode body = SignalJson.mapper().readTree(exchange.getRequestBody().readAllBytes());
            synchronized (received) {
                received.add(body);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try (AlertmanagerServer am = AlertmanagerServer.routingTo(
                URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))) {
            SignalChannel channel = ChannelFactory.create(new ChannelConfig("am", "alertmanager",
                    ConfigFactory.parseString("type = alertmanager, url = \"" + am.baseUri() + "\""), "t"),
                    TowerClock.system(), ChannelSignals.defaultEscalation(), "http://db-mon-1:9477/");
            Instant since = Instant.now().minusSeconds(60);
            Signal lag = ChannelSignals.signal("db-mon-1", "orders-db", "replication_lag_seconds", "firing", "critical",
                    since, since.plusSeconds(30));
            Signal bytes = ChannelSignals.signal("db-mon-1", "orders-db", "replay_lag_bytes", "firing", "high", since,
                    since.plusSeconds(30));
            channel.deliver(ChannelSignals.notification(lag, bytes));

            JsonNode alert = await(received, a -> a.get("status").asText().equals("firing")
                    && a.get("labels").get("check").asText().equals("replication_lag_seconds"));
            await(received, a -> a.get("status").asText().equals("firing")
                    && a.get("labels").get("check").asText().equals("replay_lag_bytes"));
            assertThat(alert).isNotNull();
            JsonNode labels = alert.get("labels");
            assertThat(labels.get("alertname").asText()).isEqualTo("replication_lag_seconds");
            assertThat(labels.get("component").asText()).isEqualTo("orders-db");
            assertThat(labels.get("severity").asText()).isEqualTo("critical");
            assertThat(labels.get("host").asText()).isEqualTo("db-mon-1");
            assertThat(labels.get("fingerprint").asText()).isEqualTo(lag.fingerprint());
            assertThat(labels.get("team").asText()).isEqualTo("payments");
            JsonNode annotations = alert.get("annotations");
            assertThat(annotations.get("summary").asText()).isEqualTo(lag.summary());
            assertThat(annotations.get("signal_id").asText()).isEqualTo(lag.id());
            assertThat(annotations.get("runbook_url").asText()).isEqualTo("https://runbooks.example/replication_lag_seconds");
            assertThat(annotations.get("description").asText()).contains("How bad: 12.4 s against a usual 0.300 s");
            assertThat(alert.get("generatorURL").asText()).isEqualTo("http://db-mon-1:9477/?component=orders-db");
            assertThat(Instant.parse(alert.get("startsAt").asText())).isEqualTo(since);

            Signal resolved = ChannelSignals.signal("db-mon-1", "orders-db", "replication_lag_seconds", "resolved",
                    "critical", since, Instant.now());
            channel.deliver(ChannelSignals.notification(resolved, bytes));
            JsonNode ended = await(received, a -> a.get("status").asText().equals("resolved")
                    && a.get("labels").get("check").asText().equals("replication_lag_seconds"));
            assertThat(ended.get("annotations").get("signal_id").asText()).isEqualTo(resolved.id());
            assertThat(ended).isNotNull();
            HttpResponse<String> active = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(am.alertsUri() + "?active=true&silenced=false&inhibited=false")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode alerts = SignalJson.mapper().readTree(active.body());
            assertThat(alerts).extracting(a -> a.get("labels").get("check").asText())
                    .as("only the still-firing member stays active").containsExactly("replay_lag_bytes");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aFiringReSentAsAMemberOfALaterGroupKeepsItsDescriptionAndEvidenceInAlertmanager() throws Exception {
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try (AlertmanagerServer am = AlertmanagerServer.routingTo(
                URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"))) {
            SignalChannel channel = ChannelFactory.create(new ChannelConfig("am", "alertmanager",
                    ConfigFactory.parseString("type = alertmanager, url = \"" + am.baseUri() + "\""), "t"),
                    TowerClock.system(), ChannelSignals.defaultEscalation(), "");
            Instant since = Instant.now().minusSeconds(60);
            Signal connections = ChannelSignals.signal("db-mon-1", "orders-db", "connections", "firing", "medium",
                    since, since.plusSeconds(10));
            channel.deliver(ChannelSignals.notification(connections));
            JsonNode first = awaitActive(am, "connections", a -> a.get("annotations").has("description"));
            // a more severe check of the same component fires later: its group carries connections along
            Signal lag = ChannelSignals.signal("db-mon-1", "orders-db", "replication_lag_seconds", "firing",
                    "critical", since.plusSeconds(30), since.plusSeconds(40));
            channel.deliver(ChannelSignals.notification(lag, connections));
            awaitActive(am, "replication_lag_seconds", a -> true);

            JsonNode again = awaitActive(am, "connections", a -> true);
            JsonNode annotations = again.get("annotations");
            assertThat(first.get("annotations").get("observed").asText()).isEqualTo("12.4 s");
            assertThat(annotations.get("description").asText())
                    .startsWith(connections.summary() + ".")
                    .contains("Where: orders-db / connections")
                    .contains("How bad: 12.4 s against a usual 0.300 s");
            assertThat(annotations.get("observed").asText()).isEqualTo("12.4 s");
            assertThat(annotations.get("expected").asText()).isEqualTo("0.300 s");
            assertThat(annotations.get("confidence").asText()).isEqualTo("ready");
            assertThat(annotations.get("score").asText()).isEqualTo("0.97");
        } finally {
            hook.stop(0);
        }
    }

    /** Waits until Alertmanager holds an active alert of {@code check} that matches, and returns it. */
    private static JsonNode awaitActive(AlertmanagerServer am, String check, Predicate<JsonNode> match)
            throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> active = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(am.alertsUri() + "?active=true")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            for (JsonNode a : SignalJson.mapper().readTree(active.body())) {
                if (a.get("labels").get("check").asText().equals(check)) {
                    last = a;
                    if (match.test(a)) {
                        return a;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Alertmanager holds no matching active " + check + " alert within 15 s; last: " + last);
    }

    /** Waits for an alert, in any webhook payload, that matches. */
    private static JsonNode await(List<JsonNode> received, Predicate<JsonNode> match) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (received) {
                for (JsonNode n : received) {
                    for (JsonNode a : n.get("alerts")) {
                        if (match.test(a)) {
                            return a;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Alertmanager did not notify the webhook as expected within 15 s; received: " + received);
    }
}
