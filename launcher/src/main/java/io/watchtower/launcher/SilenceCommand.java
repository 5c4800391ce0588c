package io.watchtower.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watchtower.runtime.escalation.SilenceRoutes;
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
 * {@code watchtower silence add|list|expire}: manages silences through a daemon's API
 * ({@code /api/v1/silences}). Creating and expiring need an admin token and are audited.
 */
@Command(name = "silence", mixinStandardHelpOptions = true,
        description = "Silence notifications for a while (component/check/tower/host), list silences, or end one early.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options every subcommand shares. */
    static class Api {
        @Mixin
        ApiOptions api;

        final PrintStream out = System.out;
        final PrintStream err = System.err;

        HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
            return api.client().send(method, path, body, Duration.ofSeconds(10));
        }

        int failed(HttpResponse<String> response) {
            String message = response.body();
            try {
                JsonNode error = SignalJson.mapper().readTree(response.body()).get("error");
                if (error != null) {
                    message = error.asText();
                }
            } catch (IOException ignored) {
                // not JSON: print it as it is
            }
            err.println("error: HTTP " + response.statusCode() + ": " + message);
            return 1;
        }

        void print(JsonNode s) {
            String matchers = (s.has("component") ? "component=" + s.get("component").asText() + " " : "")
                    + (s.has("check") ? "check=" + s.get("check").asText() + " " : "")
                    + (s.has("tower") ? "tower=" + s.get("tower").asText() + " " : "")
                    + (s.has("host") ? "host=" + s.get("host").asText() + " " : "");
            String expiresAt = s.get("expires_at").asText();
            boolean ended = s.has("state") ? s.get("state").asText().equals("expired")
                    : !java.time.Instant.now().isBefore(java.time.Instant.parse(expiresAt));
            String state = s.has("expired_at") ? "expired " + s.get("expired_at").asText() + " by "
                    + s.get("expired_by").asText() : ended ? "expired " + expiresAt : "until " + expiresAt;
            out.printf("%-36s  %-45s  %-12s  %s  %s%n", s.get("id").asText(), matchers.strip(), s.get("author").asText(),
                    state, s.path("comment").asText());
        }
    }

    /** {@code watchtower silence add}. */
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a silence; prints its id.")
    static final class Add extends Api implements Callable<Integer> {
        @Option(names = "--component", description = "silence this component")
        String component;
        @Option(names = "--check", description = "silence this check")
        String check;
        @Option(names = "--tower", description = "silence this tower id")
        String tower;
        @Option(names = "--host", description = "silence this host")
        String host;
        @Option(names = {"-d", "--duration"}, required = true, description = "how long, with a unit: for example 30m, 2h, 1d (1m to 30d)")
        String duration;
        @Option(names = "--author", description = "who silences (default: the user name)")
        String author;
        @Option(names = {"-m", "--comment"}, description = "why")
        String comment;

        @Override
        public Integer call() throws Exception {
            if (component == null && check == null && tower == null && host == null) {
                err.println("error: give at least one of --component, --check, --tower, --host");
                return 2;
            }
            for (String[] matcher : new String[][] {{"--component", component}, {"--check", check},
                    {"--tower", tower}, {"--host", host}}) {
                if (matcher[1] != null && matcher[1].isBlank()) {
                    err.println("error: " + matcher[0] + " is empty: give a value, or leave the option out to match"
                            + " anything");
                    return 2;
                }
            }
            try {
                SilenceRoutes.duration(duration);
            } catch (IllegalArgumentException e) {
                err.println("error: --" + e.getMessage());
                return 2;
            }
            ObjectNode body = SignalJson.mapper().createObjectNode();
            putIf(body, "component", component);
            putIf(body, "check", check);
            putIf(body, "tower", tower);
            putIf(body, "host", host);
            body.put("duration", duration);
            body.put("author", author != null ? author : System.getProperty("user.name"));
            putIf(body, "comment", comment);
            HttpResponse<String> response = send("POST", "/api/v1/silences", body.toString());
            if (response.statusCode() != 201) {
                return failed(response);
            }
            JsonNode created = SignalJson.mapper().readTree(response.body());
            out.println(created.get("id").asText());
            err.println("silenced until " + created.get("expires_at").asText());
            return 0;
        }

        private static void putIf(ObjectNode node, String key, String value) {
            if (value != null) {
                node.put(key, value);
            }
        }
    }

    /** {@code watchtower silence list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List active silences (--all: also ended ones).")
    static final class ListSilences extends Api implements Callable<Integer> {
        @Option(names = "--all", description = "include expired silences")
        boolean all;
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        String output;

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> response = send("GET", "/api/v1/silences" + (all ? "?all=true" : ""), null);
            if (response.statusCode() != 200) {
                return failed(response);
            }
            if (output.equals("json")) {
                out.println(response.body());
                return 0;
            }
            JsonNode silences = SignalJson.mapper().readTree(response.body()).get("silences");
            out.printf("%-36s  %-45s  %-12s  %s%n", "ID", "MATCHES", "AUTHOR", "STATE  COMMENT");
            silences.forEach(this::print);
            return 0;
        }
    }

    /** {@code watchtower silence expire ID}. */
    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
    static final class Expire extends Api implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "ID", description = "the silence id")
        String id;
        @Option(names = "--author", description = "who ends it (default: the user name)")
        String author;

        @Override
        public Integer call() throws Exception {
            String who = author != null ? author : System.getProperty("user.name");
            HttpResponse<String> response = send("DELETE", "/api/v1/silences/" + URLEncoder.encode(id,
                    StandardCharsets.UTF_8) + "?author=" + URLEncoder.encode(who, StandardCharsets.UTF_8), null);
            if (response.statusCode() != 200) {
                return failed(response);
            }
            print(SignalJson.mapper().readTree(response.body()));
            return 0;
        }
    }
}
