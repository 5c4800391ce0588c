package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.baseline.FeedbackAnswer;
import io.watchtower.runtime.signal.SignalJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code watchtower feedback SIGNAL-ID useful|noise|expected [--note TEXT] [--until TIME]}: answers a
 * page through a daemon's API ({@code POST /api/v1/signals/<id>/feedback}, admin token, audited) and
 * prints what the answer changed.
 */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Tell the daemon what a page was worth: useful (keep this sensitivity), noise (make the series,"
                + " or the recurring time it paged at, less sensitive) or expected (a known recurring event, normal"
                + " at that time from now on). Each adjustment is bounded and expires unless repeated (30 days by"
                + " default)."})
final class FeedbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SIGNAL-ID", description = "the id of the page (a firing signal, or the"
            + " resolved signal that ended it)")
    String signal;

    @Parameters(index = "1", paramLabel = "ANSWER", description = "useful, noise or expected")
    String answer;

    @Option(names = {"-m", "--note"}, paramLabel = "TEXT", description = "why (shown on the series and audited)")
    String note;

    @Option(names = "--until", paramLabel = "TIME", description = "when the adjustment expires unless repeated: an"
            + " ISO-8601 instant or a duration from now (12h, 14d; at most 180d; default 30d)")
    String until;

    @Mixin
    ApiOptions api;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String output;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        try {
            FeedbackAnswer.of(answer);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        ObjectNode body = SignalJson.mapper().createObjectNode().put("answer", answer.strip());
        if (note != null) {
            body.put("note", note);
        }
        if (until != null) {
            body.put("until", until);
        }
        HttpResponse<String> response;
        try {
            response = api.client().send("POST", "/api/v1/signals/"
                    + URLEncoder.encode(signal, StandardCharsets.UTF_8) + "/feedback", body.toString(),
                    Duration.ofSeconds(30));
        } catch (IOException e) {
            err.println("cannot reach " + api.api + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
        JsonNode answered;
        try {
            answered = SignalJson.mapper().readTree(response.body());
        } catch (IOException e) {
            answered = null;
        }
        if (response.statusCode() != 201 || answered == null) {
            String message = answered != null && answered.has("error") ? answered.get("error").asText() : response.body();
            err.println("error: HTTP " + response.statusCode() + ": " + message);
            return 1;
        }
        if (output.equals("json")) {
            out.println(SignalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answered));
        } else {
            out.println(answered.path("adjustment").asText());
        }
        return 0;
    }
}
