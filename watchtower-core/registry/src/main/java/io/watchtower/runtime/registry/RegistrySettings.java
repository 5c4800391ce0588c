package io.watchtower.runtime.registry;

import com.typesafe.config.Config;
import io.watchtower.net.TlsSettings;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.TlsBlock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code watchtower.registry} block.
 *
 * @param heartbeatInterval how often towers heartbeat; a tower silent for three intervals is a blind spot
 * @param baselineInterval how often changed baselines are published
 * @param retention how long signal history is kept
 * @param localSignals the most signal transitions the local store keeps (the newest, and every one firing now)
 * @param postgres the fleet registry, when configured
 */
public record RegistrySettings(Duration heartbeatInterval, Duration baselineInterval, Duration retention,
                               int localSignals, Optional<PostgresSettings> postgres) {

    /**
     * Reads and checks the block; problems are added to {@code problems}.
     *
     * @param watchtower the resolved {@code watchtower} configuration (with reference defaults)
     * @param problems where problems go
     * @return the settings (defaults where a value is invalid)
     */
    public static RegistrySettings read(Config watchtower, List<ConfigProblem> problems) {
        Config c = watchtower.getConfig("registry");
        Duration heartbeat = duration(c, "heartbeat-interval", Duration.ofSeconds(1), Duration.ofSeconds(10), problems);
        Duration baseline = duration(c, "baseline-interval", Duration.ofSeconds(1), Duration.ofSeconds(60), problems);
        Duration retention = duration(c, "retention", Duration.ofHours(1), Duration.ofDays(90), problems);
        int localSignals = 10_000;
        try {
            localSignals = c.getInt("local-signals");
            if (localSignals < 100) {
                problems.add(problem(c, "local-signals", "expected a number of signals from 100, got " + localSignals));
                localSignals = 10_000;
            }
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(problem(c, "local-signals", "expected a number of signals from 100"));
        }
        Optional<PostgresSettings> postgres = Optional.empty();
        try {
            postgres = postgres(c, problems);
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(new ConfigProblem(e.origin() == null ? "-" : ConfigProblem.describe(e.origin()),
                    "watchtower.registry.postgres", "expected url, user and password-file as strings, pool-size "
                    + "as a number and tls as a block { ca-file, verify, server-name }"));
        }
        return new RegistrySettings(heartbeat, baseline, retention, localSignals, postgres);
    }

    private static Optional<PostgresSettings> postgres(Config c, List<ConfigProblem> problems) {
        Optional<PostgresSettings> postgres = Optional.empty();
        if (c.hasPath("postgres.url")) {
            String url = c.getString("postgres.url");
            if (!url.startsWith("jdbc:postgresql://")) {
                problems.add(problem(c, "postgres.url", "expected jdbc:postgresql://host:port/database, got " + url));
            }
            String user = c.getString("postgres.user");
            String password = null;
            if (c.hasPath("postgres.password-file")) {
                Path file = Path.of(c.getString("postgres.password-file"));
                try {
                    password = Files.readString(file, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    problems.add(problem(c, "postgres.password-file", "cannot read " + file + ": " + ConfigProblem.reason(e)));
                }
            }
            int pool = c.getInt("postgres.pool-size");
            if (pool < 1 || pool > 64) {
                problems.add(problem(c, "postgres.pool-size", "expected 1 to 64, got " + pool));
                pool = 4;
            }
            TlsSettings tls = TlsBlock.read(c.getConfig("postgres"), "watchtower.registry.postgres",
                    c.getValue("postgres"), problems).orElse(null);
            String sslParameter = sslParameter(url);
            if (sslParameter != null) {
                problems.add(problem(c, "postgres.url", "TLS is set in the tls block, not in the URL (" + sslParameter
                        + "): write postgres { tls { ca-file = \"/etc/watchtower/registry-ca.pem\" } } (keys ca-file,"
                        + " verify, server-name) and drop the URL's ssl parameters"));
            }
            postgres = Optional.of(new PostgresSettings(url, user, password, pool, tls));
        }
        return postgres;
    }

    /** @return the first {@code ssl…} parameter of a JDBC URL, or null */
    private static String sslParameter(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String parameter : url.substring(query + 1).split("&")) {
            if (parameter.toLowerCase(java.util.Locale.ROOT).startsWith("ssl")) {
                return parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
            }
        }
        return null;
    }

    private static Duration duration(Config c, String key, Duration min, Duration fallback, List<ConfigProblem> problems) {
        try {
            Duration d = c.getDuration(key);
            if (d.compareTo(min) < 0) {
                problems.add(problem(c, key, "must be at least " + min.toMillis() + " ms, got " + c.getValue(key).unwrapped()));
                return fallback;
            }
            return d;
        } catch (com.typesafe.config.ConfigException e) {
            problems.add(problem(c, key, "expected a duration such as 10s"));
            return fallback;
        }
    }

    private static ConfigProblem problem(Config c, String key, String message) {
        String origin = c.hasPath(key) ? ConfigProblem.describe(c.getValue(key).origin())
                : ConfigProblem.describe(c.origin());
        return new ConfigProblem(origin, "watchtower.registry." + key, message);
    }
}
