package io.watchtower.runtime.api;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.watchtower.runtime.config.ConfigProblem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The API's access settings from {@code watchtower.api}.
 *
 * @param tokens bearer tokens; none means reads are open (the listener is loopback-only by default)
 *               and admin actions are refused
 * @param ratePerSecond requests per second allowed per client (IP address)
 * @param burst requests a client may make at once
 * @param auditLog where admin actions are recorded
 */
public record ApiSettings(List<ApiToken> tokens, double ratePerSecond, int burst, Path auditLog) {

    /**
     * Reads and checks the settings; problems are added to {@code problems}.
     *
     * @param watchtower the resolved {@code watchtower} configuration
     * @param stateDir the state dir (default place of the audit log)
     * @param problems where problems go
     * @return the settings
     */
    public static ApiSettings read(Config watchtower, Path stateDir, List<ConfigProblem> problems) {
        Config api = watchtower.getConfig("api");
        List<ApiToken> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<? extends Config> list;
        try {
            list = api.getConfigList("tokens");
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(origin(api, "tokens"), "watchtower.api.tokens",
                    "expected a list such as [ { name = ops, scope = read, file = \"/etc/watchtower/ops.token\" } ]"));
            list = List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            Config t = list.get(i);
            String key = "watchtower.api.tokens[" + i + "]";
            for (String k : t.root().keySet()) {
                if (!Set.of("name", "scope", "file").contains(k)) {
                    problems.add(new ConfigProblem(origin(t, k), key + "." + k, "unknown key; a token accepts name, scope, file"));
                }
            }
            if (!t.hasPath("name") || !t.hasPath("scope") || !t.hasPath("file")) {
                problems.add(new ConfigProblem(origin(t, "name"), key, "name, scope (read or admin) and file are required"));
                continue;
            }
            String name;
            Scope scope;
            Path file;
            try {
                name = t.getString("name");
                file = Path.of(t.getString("file"));
            } catch (ConfigException e) {
                problems.add(new ConfigProblem(origin(t, "name"), key, "name, scope and file must be strings"));
                continue;
            }
            if (!names.add(name)) {
                problems.add(new ConfigProblem(origin(t, "name"), key + ".name", "duplicate token name " + name));
            }
            try {
                scope = Scope.valueOf(t.getString("scope").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | ConfigException e) {
                problems.add(new ConfigProblem(origin(t, "scope"), key + ".scope", "expected read or admin, got "
                        + t.getValue("scope").unwrapped()));
                continue;
            }
            try {
                String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (secret.length() < 16) {
                    problems.add(new ConfigProblem(origin(t, "file"), key + ".file", "the token in " + file
                            + " is shorter than 16 characters"));
                    continue;
                }
                if (readableByOthers(file)) {
                    problems.add(new ConfigProblem(origin(t, "file"), key + ".file", "the token file " + file
                            + " is readable by other users (" + PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file)) + "): chmod o-rwx it (600, or 640 for a group)"));
                    continue;
                }
                tokens.add(new ApiToken(name, scope, secret));
            } catch (IOException e) {
                problems.add(new ConfigProblem(origin(t, "file"), key + ".file", "cannot read " + file + ": " + ConfigProblem.reason(e)));
            }
        }
        double rate;
        int burst;
        try {
            rate = api.getDouble("rate-limit.per-second");
            burst = api.getInt("rate-limit.burst");
        } catch (ConfigException e) {
            rate = 0;
            burst = 0;
        }
        if (rate <= 0 || burst < 1) {
            problems.add(new ConfigProblem(origin(api, "rate-limit"), "watchtower.api.rate-limit",
                    "per-second must be positive and burst at least 1"));
            rate = 20;
            burst = 100;
        }
        Path audit = stateDir.resolve("audit.jsonl");
        try {
            audit = api.hasPath("audit-log") ? Path.of(api.getString("audit-log")) : audit;
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(origin(api, "audit-log"), "watchtower.api.audit-log", "expected a file path"));
        }
        return new ApiSettings(List.copyOf(tokens), rate, burst, audit);
    }

    private static boolean readableByOthers(Path file) throws IOException {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix")
                && Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
    }

    private static String origin(Config c, String key) {
        return c.hasPath(key) ? ConfigProblem.describe(c.getValue(key).origin()) : ConfigProblem.describe(c.origin());
    }
}
