package io.watchtower.runtime.channel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.SignalJson;

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
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("text", cut(text.full()));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        ObjectNode headerText = header.putObject("text");
        headerText.put("type", "plain_text");
        String headline = text.headline();
        headerText.put("text", headline.length() > 150 ? headline.substring(0, 149) + "…" : headline);
        section(blocks, "*" + escape(lines.get(0)) + "*");
        StringBuilder facts = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(": ");
            facts.append(colon > 0 ? "*" + escape(line.substring(0, colon)) + ":* " + escape(line.substring(colon + 2))
                    : escape(line)).append('\n');
        }
        section(blocks, facts.toString().strip());
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        ObjectNode element = context.putArray("elements").addObject();
        element.put("type", "mrkdwn");
        element.put("text", escape("signal " + n.signal().id() + " · fingerprint " + n.signal().fingerprint()
                + " · silence: watchtower silence add --component " + n.signal().component() + " --duration 1h"));
        return body.toString();
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode text = section.putObject("text");
        text.put("type", "mrkdwn");
        text.put("text", cut(mrkdwn));
    }

    private static String cut(String s) {
        return s.length() > MAX_SECTION ? s.substring(0, MAX_SECTION) + "…" : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
