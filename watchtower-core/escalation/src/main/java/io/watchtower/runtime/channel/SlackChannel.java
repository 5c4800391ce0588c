package io.watchtower.runtime.channel;

import com.fasterxml.jackson.core.JsonGenerator;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.escalation.Notification;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat): {@code text} is the whole
 * readable message (what notifications and clients without blocks show), {@code blocks} the same
 * content laid out: a header, the summary, then one line per fact.
 */
final class SlackChannel implements SignalChannel {

    private static final int MAX_SECTION = 2900;

    private final String name;
    private final URI url;
    private final String statusUrl;
    private final HttpPost http;

    SlackChannel(String name, URI url, String statusUrl, Duration timeout) {
        this(name, url, statusUrl, new HttpPost(timeout));
    }

    SlackChannel(String name, URI url, String statusUrl, HttpPost http) {
        this.name = name;
        this.url = url;
        this.statusUrl = statusUrl;
        this.http = http;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Notification n) throws Exception {
        http.send(url, message(n, statusUrl), Map.of());
    }

    /**
     * @param n a notification
     * @param statusUrl the status page, may be empty
     * @return the webhook body
     */
    static String message(Notification n, String statusUrl) {
        NotificationText text = new NotificationText(n, statusUrl);
        List<String> lines = text.lines();
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("text", cut(text.full()));
            g.writeArrayFieldStart("blocks");
            g.writeStartObject();
            g.writeStringField("type", "header");
            g.writeObjectFieldStart("text");
            g.writeStringField("type", "plain_text");
            String headline = text.headline();
            g.writeStringField("text", headline.length() > 150 ? headline.substring(0, 149) + "…" : headline);
            g.writeEndObject();
            g.writeEndObject();
            section(g, "*" + escape(lines.get(0)) + "*");
            StringBuilder facts = new StringBuilder();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(": ");
                facts.append(colon > 0 ? "*" + escape(line.substring(0, colon)) + ":* " + escape(line.substring(colon + 2))
                        : escape(line)).append('\n');
            }
            section(g, facts.toString().strip());
            g.writeStartObject();
            g.writeStringField("type", "context");
            g.writeArrayFieldStart("elements");
            g.writeStartObject();
            g.writeStringField("type", "mrkdwn");
            g.writeStringField("text", escape("signal " + n.signal().id() + " · fingerprint " + n.signal().fingerprint()
                    + " · silence: watchtower silence add --component " + n.signal().component() + " --duration 1h"));
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void section(JsonGenerator g, String mrkdwn) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "section");
        g.writeObjectFieldStart("text");
        g.writeStringField("type", "mrkdwn");
        g.writeStringField("text", cut(mrkdwn));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static String cut(String s) {
        return s.length() > MAX_SECTION ? s.substring(0, MAX_SECTION) + "…" : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
