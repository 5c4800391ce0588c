package io.watchtower.runtime.channel;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.escalation.Member;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.spi.TowerClock;

import java.net.URI;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prometheus Alertmanager, API v2: each notification POSTs its group to {@code /api/v2/alerts},
 * one alert per member. Labels identify the series (alertname = check, component, check, target,
 * tower, host, severity, kind, fingerprint, plus the tower's labels); annotations carry each
 * member's own summary, runbook and evidence (description, observed, expected), so an alert
 * re-sent as a member of a later group keeps them. {@code startsAt} is when the firing began; a
 * firing alert's {@code endsAt} lies {@code 2 × repeat-interval} ahead (re-sent by every repeat,
 * so Alertmanager does not time it out), a resolved alert's {@code endsAt} is the resolution
 * time, which ends it. {@code generatorURL} links the status page.
 */
final class AlertmanagerChannel implements SignalChannel {

    private final String name;
    private final URI alerts;
    private final String statusUrl;
    private final Duration firingHorizon;
    private final TowerClock clock;
    private final HttpPost http;

    AlertmanagerChannel(String name, URI base, String statusUrl, Duration firingHorizon, TowerClock clock,
                        HttpPost http) {
        this.name = name;
        String b = base.toString();
        this.alerts = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/v2/alerts");
        this.statusUrl = statusUrl;
        this.firingHorizon = firingHorizon;
        this.clock = clock;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Notification n) throws Exception {
        http.send(alerts, alerts(n, statusUrl, clock.now().plus(firingHorizon)), Map.of());
    }

    /**
     * @param n a notification
     * @param statusUrl the status page, may be empty
     * @param firingEnd the {@code endsAt} of firing alerts
     * @return the JSON array of alerts
     */
    static String alerts(Notification n, String statusUrl, Instant firingEnd) {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartArray();
            NotificationText text = new NotificationText(n, statusUrl);
            for (Member m : n.group()) {
                alert(g, n, text, m, statusUrl, firingEnd);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One alert: labels and annotations gathered in order (a key put again keeps its place), then written. */
    private static void alert(JsonGenerator g, Notification n, NotificationText text, Member m, String statusUrl,
                              Instant firingEnd) throws IOException {
        Signal lead = n.signal();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", m.check());
        labels.put("component", m.component());
        labels.put("check", m.check());
        if (!m.target().isEmpty()) {
            labels.put("target", m.target());
        }
        labels.put("tower", m.tower());
        labels.put("host", m.host());
        labels.put("severity", m.severity());
        labels.put("kind", m.kind());
        labels.put("fingerprint", m.fingerprint());
        if (lead.labels() != null && m.tower().equals(lead.tower().id())) {
            lead.labels().forEach((k, v) -> {
                String key = k.replaceAll("[^A-Za-z0-9_]", "_");
                if (!labels.containsKey(key)) {
                    labels.put(key, v);
                }
            });
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", m.summary());
        annotations.put("signal_id", m.id());
        if (m.runbook() != null && !m.runbook().isEmpty()) {
            annotations.put("runbook_url", m.runbook());
        }
        // every member carries its own evidence: Alertmanager keeps only the annotations last
        // sent for an alert, and a member is re-sent in the groups of later leads
        annotations.put("description", String.join("\n", text.lines(m)));
        annotations.put("reason", n.reason());
        if (m.flap() != null && m.firing()) {
            annotations.put("flapping", m.flap().describe() + "; paged once, then held until it settles");
        }
        if (m.stale() != null) {
            annotations.put("stale", m.stale().reason() + "; last observation " + m.stale().since());
        }
        if (m.observed() != null) {
            annotations.put("observed", NotificationText.fmt(m.observed(), m.unit()));
        }
        if (m.baseline() != null && m.baseline().expected() != null) {
            annotations.put("expected", NotificationText.fmt(m.baseline().expected(), m.unit()));
            annotations.put("season_bucket", m.baseline().seasonBucket());
            annotations.put("confidence", m.baseline().confidence());
        }
        if (m.score() != null) {
            annotations.put("score", Double.toString(m.score()));
        }
        if (n.escalation().fleet() != null && m.id().equals(lead.id())) {
            // what the fleet sees is about the lead's check: other members keep their own
            annotations.put("fleet", n.escalation().fleet().summary());
        }
        if (!n.escalation().suppressing().isEmpty() && m.id().equals(lead.id())) {
            StringBuilder s = new StringBuilder();
            for (Member d : n.escalation().suppressing()) {
                s.append(s.length() == 0 ? "" : "; ").append(d.component()).append('/').append(d.check());
            }
            annotations.put("suppressing", s.toString());
        }
        g.writeStartObject();
        object(g, "labels", labels);
        object(g, "annotations", annotations);
        g.writeStringField("startsAt", m.since());
        g.writeStringField("endsAt", m.firing() ? firingEnd.toString() : m.at());
        if (!statusUrl.isEmpty()) {
            g.writeStringField("generatorURL", statusUrl + (statusUrl.contains("?") ? "&" : "?") + "component="
                    + URLEncoder.encode(m.component(), StandardCharsets.UTF_8));
        }
        g.writeEndObject();
    }

    private static void object(JsonGenerator g, String name, Map<String, String> fields) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : fields.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
