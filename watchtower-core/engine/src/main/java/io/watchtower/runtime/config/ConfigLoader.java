package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.watchtower.baseline.DetectorSettings;

import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a host configuration (HOCON) over the defaults in {@code reference.conf} and validates
 * the core's part of it: unknown keys, types, ranges. Every problem names the key, the file and
 * line, and what was expected; all problems are reported at once.
 *
 * <p>A tower's own settings, the API and registry settings and the state dir are checked by
 * the daemon's {@code StartupCheck}, which {@code check} and {@code run} both use, in the
 * same pass as these problems ({@link #read(Path)} collects them without throwing).
 */
public final class ConfigLoader {

    /** Keys of a tower block that belong to the core, not to the tower. */
    public static final Set<String> CORE_TOWER_KEYS = Set.of("type", "component", "interval", "timeout", "jitter",
            "backoff", "baseline", "checks", "runbook", "labels", "depends-on");

    private static final Set<String> CHECK_KEYS = Set.of("baseline", "severity", "runbook");
    private static final Map<String, Set<String>> CHANNEL_KEYS = Map.of(
            "console", Set.of("type", "name", "severities"),
            "file", Set.of("type", "name", "severities", "path"),
            "alertmanager", Set.of("type", "name", "severities", "url", "tls"),
            "slack", Set.of("type", "name", "severities", "url", "url-file", "tls"),
            "webhook", Set.of("type", "name", "severities", "url", "secret-file", "tls"),
            "redis-stream", Set.of("type", "name", "severities", "url", "password-file", "stream", "max-length", "tls"));
    private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The origin of a block merged from two places in one file: "file: 3-9". */
    private static final java.util.regex.Pattern DEFINED_TWICE = java.util.regex.Pattern.compile("(.+): (\\d+-\\d+)");
    /** The longest probe interval (and backoff): a tower probed less than daily watches nothing. */
    private static final Duration MAX_INTERVAL = Duration.ofDays(1);
    /** The longest any duration setting may be; beyond it a value is a typo (and Typesafe Config saturates). */
    private static final Duration MAX_DURATION = Duration.ofDays(365);

    private final Map<String, String> environment;
    private final Config reference;

    /** @param environment environment variables, for {@code ${?VAR}} substitutions and secrets */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf")
                .withOnlyPath("watchtower");
    }

    /** @return the built-in defaults ({@code reference.conf}) */
    public Config reference() {
        return reference;
    }

    /**
     * Reads and validates a configuration file.
     *
     * @param file the file
     * @return the validated configuration
     * @throws InvalidConfigException listing every problem
     */
    public DaemonConfig load(Path file) {
        return read(file).orThrow();
    }

    /**
     * Validates an already parsed configuration.
     *
     * @param user the host's configuration
     * @param source where it came from
     * @return the validated configuration
     * @throws InvalidConfigException listing every problem
     */
    public DaemonConfig validate(Config user, Path source) {
        return read(user, source).orThrow();
    }

    /**
     * Reads a configuration file and collects every problem of the core's part of it, without
     * stopping at the first. Relative includes are resolved against the including file.
     *
     * @param file the file
     * @return the configuration as far as it could be read, and its problems
     */
    public ConfigReading read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new ConfigReading(null, List.of(new ConfigProblem(file.toString(), "-",
                    "configuration file not found or not a regular file")));
        }
        try {
            return read(ConfigFile.parse(file), file);
        } catch (InvalidConfigException e) {
            return new ConfigReading(null, e.problems());
        }
    }

    /**
     * Collects every problem of an already parsed configuration.
     *
     * @param user the host's configuration
     * @param source where it came from
     * @return the configuration as far as it could be read (null when it cannot be resolved), and its problems
     */
    public ConfigReading read(Config user, Path source) {
        List<ConfigProblem> problems = new ArrayList<>();
        Config config;
        try {
            config = user.withFallback(reference)
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException e) {
            return new ConfigReading(null, List.of(new ConfigProblem(
                    e.origin() == null ? source.toString() : ConfigProblem.describe(e.origin()), "-",
                    stripOrigin(e))));
        }
        rejectUnknownKeys(user, problems);
        config = replaceBrokenBlocks(config, problems);
        Values v = new Values(config, problems);

        String host = v.has("watchtower.host") ? v.string("watchtower.host", "a host name") : defaultHost();
        Path stateDir = Path.of(v.string("watchtower.state-dir", "a directory path"));
        Optional<Path> towersDir = v.has("watchtower.towers-dir")
                ? Optional.of(Path.of(v.string("watchtower.towers-dir", "a directory path"))) : Optional.empty();
        String listen = v.string("watchtower.api.listen", "host:port, for example 127.0.0.1:9477");
        String listenHost = "127.0.0.1";
        int listenPort = 9477;
        int colon = listen.lastIndexOf(':');
        try {
            listenHost = listen.substring(0, colon).replace("[", "").replace("]", "");
            listenPort = Integer.parseInt(listen.substring(colon + 1));
            if (listenHost.isEmpty() || listenPort < 0 || listenPort > 65535) {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            if (!listen.isEmpty()) {
                v.problem("watchtower.api.listen", "expected host:port with a port between 0 and 65535, got \""
                        + listen + "\"");
            }
        }
        DetectorSettings baseline = BaselineSettingsReader.read(config.getConfig("watchtower.baseline"),
                "watchtower.baseline", DetectorSettings.defaults(), problems);
        Duration snapshotInterval = v.duration("watchtower.snapshot-interval", Duration.ofSeconds(1));
        Duration shutdownTimeout = v.duration("watchtower.shutdown-timeout", Duration.ofMillis(100));
        List<ChannelConfig> channels = channels(config, problems);
        int beforeTowers = problems.size();
        Map<String, TowerConfig> towers = towers(config, problems);
        if (problems.size() == beforeTowers) {
            // with a tower block rejected, its component is unknown: naming it "unknown" would mislead
            TopologyCheck.check(towers.values(), problems);
        }
        EscalationConfig escalation = escalation(v);
        JournalConfig journal = new JournalConfig(
                v.bytes("watchtower.journal.max-size", JournalConfig.MIN_SIZE),
                (int) v.number("watchtower.journal.segments-kept", 0, 1000, "a number of segments from 0 to 1000"));

        DaemonConfig daemon = new DaemonConfig(source, host, stateDir, towersDir, listenHost, listenPort, baseline,
                snapshotInterval == null ? Duration.ofSeconds(60) : snapshotInterval,
                shutdownTimeout == null ? Duration.ofSeconds(10) : shutdownTimeout, channels, towers, escalation,
                config.getConfig("watchtower"), journal);
        return new ConfigReading(daemon, ConfigProblem.inFileOrder(problems));
    }

    /**
     * A block of the reference that the host's file set to null or to a plain value is a problem;
     * the reference's block stands in for it, so the rest of the file is still checked.
     */
    private Config replaceBrokenBlocks(Config config, List<ConfigProblem> problems) {
        if (!config.hasPathOrNull("watchtower") || config.getIsNull("watchtower")
                || config.getValue("watchtower").valueType() != ConfigValueType.OBJECT) {
            problems.add(new ConfigProblem(ConfigProblem.describe(ConfigPaths.origin(config, "watchtower")), "watchtower",
                    "expected a block watchtower { ... }"));
            return config.withValue("watchtower", reference.getValue("watchtower"));
        }
        List<String> blocks = new ArrayList<>();
        blocksOf(reference.getObject("watchtower"), "watchtower", blocks);
        for (String block : blocks) {
            if (!config.hasPathOrNull(block)) {
                continue;
            }
            boolean isNull = config.getIsNull(block);
            if (isNull || config.getValue(block).valueType() != ConfigValueType.OBJECT) {
                String got = isNull ? "null" : config.getValue(block).valueType().name().toLowerCase(Locale.ROOT)
                        + " " + config.getValue(block).render();
                problems.add(new ConfigProblem(ConfigProblem.describe(ConfigPaths.origin(config, block)),
                        block, "expected a block { ... }, got " + got));
                config = config.withValue(block, reference.getValue(block));
            }
        }
        return config;
    }

    private static void blocksOf(ConfigObject object, String path, List<String> out) {
        for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
            if (e.getValue() instanceof ConfigObject child) {
                String childPath = path + "." + ConfigPaths.quote(e.getKey());
                out.add(childPath);
                blocksOf(child, childPath, out);
            }
        }
    }

    private EscalationConfig escalation(Values v) {
        Duration groupWait = v.duration("watchtower.escalation.group-wait", Duration.ZERO);
        Duration repeat = v.duration("watchtower.escalation.repeat-interval", Duration.ofSeconds(1));
        double raiseScore = v.number("watchtower.escalation.raise-score", 0, 1, "a score between 0 and 1");
        Duration raiseAfter = v.duration("watchtower.escalation.raise-after", Duration.ofSeconds(1));
        String statusUrl = v.has("watchtower.escalation.status-url")
                ? v.string("watchtower.escalation.status-url", "a URL") : "";
        v.deprecated("watchtower.escalation.tick", "it is no longer used: escalation runs when a signal arrives"
                + " and when its next deadline falls due; remove it");
        double outbox = v.number("watchtower.delivery.outbox-size", 1, 10_000_000, "a number of notifications from 1");
        Duration retryMin = v.duration("watchtower.delivery.retry-min", Duration.ofMillis(1));
        Duration retryMax = v.duration("watchtower.delivery.retry-max", Duration.ofMillis(1));
        Duration timeout = v.duration("watchtower.delivery.timeout", Duration.ofMillis(10));
        if (retryMin != null && retryMax != null && retryMax.compareTo(retryMin) < 0) {
            v.problem("watchtower.delivery.retry-max", "must not be shorter than retry-min (" + retryMin.toMillis()
                    + " ms)");
        }
        // a value rejected above is a problem already; the reference's stands in so the rest is still checked
        return new EscalationConfig(orReference(groupWait, "watchtower.escalation.group-wait"),
                orReference(repeat, "watchtower.escalation.repeat-interval"), raiseScore,
                orReference(raiseAfter, "watchtower.escalation.raise-after"), statusUrl, (int) outbox,
                orReference(retryMin, "watchtower.delivery.retry-min"), orReference(retryMax, "watchtower.delivery.retry-max"),
                orReference(timeout, "watchtower.delivery.timeout"));
    }

    private Duration orReference(Duration value, String key) {
        return value != null ? value : reference.getDuration(key);
    }

    private void rejectUnknownKeys(Config user, List<ConfigProblem> problems) {
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String path = entry.getKey();
            if (path.startsWith("watchtower.towers.") || path.equals("watchtower.channels")
                    || path.startsWith("watchtower.baseline.") || isRegistryTls(path)) {
                continue;
            }
            if (!reference.hasPathOrNull(path)) {
                problems.add(new ConfigProblem(ConfigProblem.describe(entry.getValue().origin()), path,
                        path.startsWith("watchtower.") ? "unknown key" : "unknown key: every setting lives under watchtower { ... }"));
            }
        }
    }

    /** The registry's tls block is checked by {@link TlsBlock} (it may be {@code tls = true} or a block). */
    private static boolean isRegistryTls(String path) {
        return path.equals("watchtower.registry.postgres.tls") || path.startsWith("watchtower.registry.postgres.tls.");
    }

    private List<ChannelConfig> channels(Config config, List<ConfigProblem> problems) {
        List<ChannelConfig> channels = new ArrayList<>();
        ConfigList list;
        try {
            list = config.getList("watchtower.channels");
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(ConfigProblem.describe(ConfigPaths.origin(config, "watchtower.channels")),
                    "watchtower.channels", "expected a list of channel objects, for example [ { type = console } ]"));
            return channels;
        }
        Set<String> names = new HashSet<>();
        Map<String, Integer> perType = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "watchtower.channels[" + i + "]";
            ConfigValue element = list.get(i);
            if (!(element instanceof ConfigObject)) {
                problems.add(new ConfigProblem(ConfigProblem.describe(element.origin()), path,
                        "expected a channel object such as { type = file, path = \"/var/lib/watchtower/signals.jsonl\" }"));
                continue;
            }
            Config c = ((ConfigObject) element).toConfig();
            Values v = new Values(c, problems, path, element);
            if (!c.hasPath("type")) {
                v.problem("type", "is required: expected one of " + String.join(", ", CHANNEL_KEYS.keySet()));
                continue;
            }
            String type = v.string("type", "a channel type");
            Set<String> allowed = CHANNEL_KEYS.get(type);
            if (allowed == null) {
                v.problem("type", "unknown channel type \"" + type + "\": expected one of "
                        + String.join(", ", new java.util.TreeSet<>(CHANNEL_KEYS.keySet())));
                continue;
            }
            for (Map.Entry<String, ConfigValue> entry : c.entrySet()) {
                // a block's keys (tls { ... }) are checked by what reads the block
                if (!allowed.contains(com.typesafe.config.ConfigUtil.splitPath(entry.getKey()).get(0))) {
                    problems.add(new ConfigProblem(ConfigProblem.describe(entry.getValue().origin()),
                            path + "." + entry.getKey(), "unknown key for a " + type + " channel; it accepts "
                            + String.join(", ", new java.util.TreeSet<>(allowed))));
                }
            }
            if (type.equals("file") && !c.hasPath("path")) {
                v.problem("path", "is required for a file channel: expected a file path");
            } else if (c.hasPath("path")) {
                v.string("path", "a file path");
            }
            channelSettings(type, c, v);
            int n = perType.merge(type, 1, Integer::sum);
            String name = c.hasPath("name") ? v.string("name", "a channel name") : n == 1 ? type : type + "-" + n;
            if (!name.matches("[A-Za-z0-9_.-]+")) {
                v.problem("name", "expected letters, digits, '.', '_' or '-'");
            } else if (!names.add(name)) {
                v.problem("name", "duplicate channel name \"" + name + "\": give each channel a unique name");
            }
            channels.add(new ChannelConfig(name, type, c, path));
        }
        return channels;
    }

    private static void channelSettings(String type, Config c, Values v) {
        if (c.hasPath("severities")) {
            try {
                List<String> severities = c.getStringList("severities");
                if (severities.isEmpty() || !SEVERITIES.containsAll(severities)) {
                    v.problem("severities", "expected a non-empty list of critical, high, medium, low, got "
                            + severities);
                }
            } catch (ConfigException e) {
                v.problem("severities", "expected a list such as [critical, high]");
            }
        }
        boolean needsUrl = !type.equals("console") && !type.equals("file");
        if (needsUrl && !c.hasPath("url") && !(type.equals("slack") && c.hasPath("url-file"))) {
            v.problem("url", "is required for a " + type + " channel: expected "
                    + (type.equals("redis-stream") ? "redis://host:port[/db]" : "an http(s) URL")
                    + (type.equals("slack") ? " (or url-file, a file holding it)" : ""));
        } else if (c.hasPath("url")) {
            String url = v.string("url", "a URL");
            String scheme = type.equals("redis-stream") ? "redis" : "http";
            try {
                java.net.URI uri = new java.net.URI(url);
                if ("rediss".equals(uri.getScheme()) && type.equals("redis-stream")) {
                    v.problem("url", "TLS is set in the tls block, not in the URL (rediss://): redis://host:port[/db]"
                            + " with tls { ca-file, verify, server-name }");
                } else if (uri.getScheme() == null || !uri.getScheme().startsWith(scheme) || uri.getHost() == null) {
                    v.problem("url", "expected " + (type.equals("redis-stream") ? "redis://host:port[/db]"
                            : "an http:// or https:// URL") + ", got \"" + url + "\"");
                }
            } catch (java.net.URISyntaxException e) {
                v.problem("url", "not a URL: " + e.getMessage());
            }
        }
        for (String fileKey : List.of("url-file", "secret-file", "password-file")) {
            if (c.hasPath(fileKey)) {
                String file = v.string(fileKey, "a file path");
                if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
                    v.problem(fileKey, "cannot read " + file);
                }
            }
        }
        if (c.hasPath("stream")) {
            v.string("stream", "a stream key");
        }
        if (c.hasPath("tls")) {
            v.problems.addAll(TlsBlock.problems(c, v.prefix, v.block));
        }
        if (c.hasPath("max-length")) {
            v.number("max-length", 1, 1e12, "a number of entries from 1");
        }
    }

    private Map<String, TowerConfig> towers(Config config, List<ConfigProblem> problems) {
        Map<String, TowerConfig> towers = new LinkedHashMap<>();
        ConfigObject object;
        try {
            object = config.getObject("watchtower.towers");
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(ConfigProblem.describe(ConfigPaths.origin(config, "watchtower.towers")),
                    "watchtower.towers", "expected an object of towers: towers { my-tower { type = ..., ... } }"));
            return towers;
        }
        Config defaults = config.getConfig("watchtower.tower-defaults");
        for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
            String id = entry.getKey();
            String path = "watchtower.towers." + ConfigPaths.quote(id);
            ConfigValue value = entry.getValue();
            if (!id.matches("[a-z0-9][a-z0-9_.-]{0,62}")) {
                problems.add(new ConfigProblem(ConfigProblem.describe(value.origin()), path,
                        "a tower id must be lower-case letters, digits, '.', '_' or '-' (at most 63)"));
                continue;
            }
            if (value.valueType() != ConfigValueType.OBJECT) {
                problems.add(new ConfigProblem(ConfigProblem.describe(value.origin()), path,
                        "expected a tower block { type = ..., component = ..., ... }"));
                continue;
            }
            java.util.regex.Matcher twice = DEFINED_TWICE.matcher(value.origin().description());
            if (twice.matches()) {
                problems.add(new ConfigProblem(ConfigProblem.describe(value.origin()), path, "duplicate tower id \""
                        + id + "\": defined more than once in " + twice.group(1) + " (lines " + twice.group(2)
                        + "); give each tower its own id (a later file of --conf-dir may override a tower)"));
                continue;
            }
            Config block = ((ConfigObject) value).toConfig();
            TowerConfig tower = tower(id, path, value, block, defaults, problems);
            if (tower != null) {
                towers.put(id, tower);
            }
        }
        return towers;
    }

    private TowerConfig tower(String id, String path, ConfigValue value, Config block, Config defaults,
                              List<ConfigProblem> problems) {
        Values v = new Values(block, problems, path, value);
        int before = problems.size();
        if (!block.hasPath("type")) {
            v.problem("type", "is required: expected a tower type such as network-path (see `watchtower towers`)");
        }
        String type = block.hasPath("type") ? v.string("type", "a tower type such as network-path") : "";
        String component = block.hasPath("component") ? v.string("component", "a component name") : id;
        Config merged = block.withFallback(defaults);
        Values m = new Values(merged, problems, path, value);
        Duration interval = m.duration("interval", MIN_INTERVAL, MAX_INTERVAL);
        Duration timeout;
        if (block.hasPath("timeout")) {
            timeout = m.duration("timeout", Duration.ofMillis(1));
            if (interval != null && timeout != null && timeout.compareTo(interval) > 0) {
                v.problem("timeout", "must not exceed the interval (" + interval.toMillis() + " ms)");
            }
        } else {
            Duration defaultTimeout = m.duration("timeout", Duration.ofMillis(1));
            timeout = interval == null || defaultTimeout == null ? defaultTimeout
                    : defaultTimeout.compareTo(interval) > 0 ? interval : defaultTimeout;
        }
        double jitter = m.number("jitter", 0, 0.5, "a fraction between 0 and 0.5");
        double factor = m.number("backoff.factor", 1, 10, "a number between 1 and 10");
        Duration backoffMax = m.duration("backoff.max", MIN_INTERVAL, MAX_INTERVAL);
        for (String key : block.root().keySet()) {
            if (key.equals("backoff") && block.getValue("backoff") instanceof ConfigObject) {
                for (Map.Entry<String, ConfigValue> e : block.getConfig("backoff").entrySet()) {
                    if (!Set.of("factor", "max").contains(e.getKey())) {
                        problems.add(new ConfigProblem(ConfigProblem.describe(e.getValue().origin()),
                                path + ".backoff." + e.getKey(), "unknown key; backoff accepts factor, max"));
                    }
                }
            }
        }
        Config baseline = block.hasPath("baseline") ? m.object("baseline") : ConfigFactory.empty();
        if (baseline == null) {
            baseline = ConfigFactory.empty();
        }
        BaselineSettingsReader.read(baseline, path + ".baseline", DetectorSettings.defaults(), problems);
        Map<String, Config> checks = new LinkedHashMap<>();
        if (block.hasPath("checks")) {
            Config checksBlock = m.object("checks");
            if (checksBlock != null) {
                for (Map.Entry<String, ConfigValue> c : checksBlock.root().entrySet()) {
                    String checkPath = path + ".checks." + c.getKey();
                    if (c.getValue().valueType() != ConfigValueType.OBJECT) {
                        problems.add(new ConfigProblem(ConfigProblem.describe(c.getValue().origin()), checkPath,
                                "expected a block { baseline { ... }, severity = ..., runbook = ... }"));
                        continue;
                    }
                    Config checkBlock = ((ConfigObject) c.getValue()).toConfig();
                    for (Map.Entry<String, ConfigValue> k : checkBlock.root().entrySet()) {
                        if (!CHECK_KEYS.contains(k.getKey())) {
                            problems.add(new ConfigProblem(ConfigProblem.describe(k.getValue().origin()),
                                    checkPath + "." + k.getKey(), "unknown key; a check block accepts "
                                    + String.join(", ", new java.util.TreeSet<>(CHECK_KEYS))));
                        }
                    }
                    if (checkBlock.hasPath("severity")) {
                        String sev = checkBlock.getValue("severity").unwrapped().toString();
                        if (!Set.of("critical", "high", "medium", "low").contains(sev)) {
                            problems.add(new ConfigProblem(ConfigProblem.describe(checkBlock.getValue("severity").origin()),
                                    checkPath + ".severity", "expected one of critical, high, medium, low, got " + sev));
                        }
                    }
                    if (checkBlock.hasPath("baseline")) {
                        try {
                            BaselineSettingsReader.read(checkBlock.getConfig("baseline"), checkPath + ".baseline",
                                    DetectorSettings.defaults(), problems);
                        } catch (ConfigException e) {
                            problems.add(new ConfigProblem(ConfigProblem.describe(checkBlock.getValue("baseline").origin()),
                                    checkPath + ".baseline", "expected a block { threshold = ..., ... }"));
                        }
                    }
                    checks.put(c.getKey(), checkBlock);
                }
            }
        }
        String runbook = block.hasPath("runbook") ? v.string("runbook", "a URL") : "";
        Map<String, String> labels = new LinkedHashMap<>();
        if (block.hasPath("labels")) {
            Config labelBlock = m.object("labels");
            if (labelBlock != null) {
                for (Map.Entry<String, ConfigValue> l : labelBlock.entrySet()) {
                    if (l.getValue().valueType() == ConfigValueType.OBJECT || l.getValue().valueType() == ConfigValueType.LIST) {
                        problems.add(new ConfigProblem(ConfigProblem.describe(l.getValue().origin()),
                                path + ".labels." + l.getKey(), "expected a string"));
                    } else {
                        labels.put(l.getKey(), String.valueOf(l.getValue().unwrapped()));
                    }
                }
            }
        }
        List<String> dependsOn = new ArrayList<>();
        if (block.hasPath("depends-on")) {
            ConfigValue deps = block.getValue("depends-on");
            if (deps.valueType() == ConfigValueType.STRING) {
                dependsOn.add(block.getString("depends-on"));
            } else {
                try {
                    dependsOn.addAll(block.getStringList("depends-on"));
                } catch (ConfigException e) {
                    v.problem("depends-on", "expected a component name or a list of them, for example [orders-db]");
                }
            }
            if (dependsOn.contains(component)) {
                v.problem("depends-on", "a component cannot depend on itself (" + component + ")");
            }
        }
        Config settings = block.withoutPath("type");
        for (String key : CORE_TOWER_KEYS) {
            settings = settings.withoutPath(key);
        }
        if (problems.size() > before) {
            return null;
        }
        return new TowerConfig(id, type, component, interval, timeout, jitter, factor, backoffMax, baseline, checks,
                runbook, labels, settings, value, fingerprint(block), List.copyOf(dependsOn));
    }

    private static String fingerprint(Config block) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest(block.root().render(ConfigRenderOptions.concise().setJson(true))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String defaultHost() {
        String env = environment.get("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    static String stripOrigin(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    /** Typed reads that record a problem instead of throwing. */
    private static final class Values {
        private final Config config;
        private final List<ConfigProblem> problems;
        private final String prefix;
        private final ConfigValue block;

        Values(Config config, List<ConfigProblem> problems) {
            this(config, problems, "", null);
        }

        Values(Config config, List<ConfigProblem> problems, String prefix, ConfigValue block) {
            this.config = config;
            this.problems = problems;
            this.prefix = prefix;
            this.block = block;
        }

        private String full(String key) {
            return prefix.isEmpty() ? key : prefix + "." + key;
        }

        /** Logs that a key the file sets is accepted but ignored. */
        void deprecated(String key, String why) {
            ConfigValue value = ConfigPaths.valueOrNull(config, full(key));
            if (value != null && !"reference.conf".equals(value.origin().resource())) {
                LoggerFactory.getLogger(ConfigLoader.class).warn("{} at {}: {}", full(key),
                        ConfigProblem.describe(value.origin()), why);
            }
        }

        private String origin(String key) {
            ConfigValue value = ConfigPaths.valueOrNull(config, key);
            if (value != null) {
                return ConfigProblem.describe(value.origin());
            }
            return ConfigProblem.describe(block != null ? block.origin() : config.origin());
        }

        boolean has(String key) {
            return config.hasPath(key);
        }

        void problem(String key, String message) {
            problems.add(new ConfigProblem(origin(key), full(key), message));
        }

        private String actual(String key) {
            ConfigValue value = ConfigPaths.valueOrNull(config, key);
            return value == null ? "" : ", got " + value.valueType().name().toLowerCase(Locale.ROOT) + " " + value.render();
        }

        String string(String key, String expected) {
            try {
                ConfigValue value = config.getValue(key);
                if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
                    problem(key, "expected " + expected + actual(key));
                    return "";
                }
                return config.getString(key);
            } catch (ConfigException e) {
                problem(key, (config.hasPathOrNull(key) ? "expected " : "is required: expected ") + expected + actual(key));
                return "";
            }
        }

        Duration duration(String key, Duration minimum) {
            return duration(key, minimum, MAX_DURATION);
        }

        Duration duration(String key, Duration minimum, Duration maximum) {
            try {
                Duration d = config.getDuration(key);
                if (d.compareTo(minimum) < 0) {
                    problem(key, "must be at least " + minimum.toMillis() + " ms, got " + config.getValue(key).render());
                    return null;
                }
                if (d.compareTo(maximum) > 0) {
                    problem(key, "must be at most " + readable(maximum) + ": expected a duration from "
                            + readable(minimum) + " to " + readable(maximum) + ", got " + config.getValue(key).render());
                    return null;
                }
                return d;
            } catch (ConfigException e) {
                problem(key, "expected a duration such as 500ms, 15s or 2m" + actual(key));
                return null;
            }
        }

        long bytes(String key, long minimum) {
            try {
                long n = config.getBytes(key);
                if (n < minimum) {
                    problem(key, "must be at least " + minimum + " bytes, got " + config.getValue(key).render());
                }
                return Math.max(n, minimum);
            } catch (ConfigException e) {
                problem(key, "expected a size such as 64MiB or 512KiB" + actual(key));
                return minimum;
            }
        }

        private static String readable(Duration d) {
            if (d.toMillis() % 86_400_000L == 0 && !d.isZero()) {
                return d.toDays() + "d";
            }
            if (d.toMillis() % 1000 == 0 && !d.isZero()) {
                return d.toSeconds() + "s";
            }
            return d.toMillis() + "ms";
        }

        double number(String key, double min, double max, String expected) {
            try {
                double d = config.getDouble(key);
                if (!(d >= min && d <= max)) {
                    problem(key, "expected " + expected + actual(key));
                }
                return d;
            } catch (ConfigException e) {
                problem(key, "expected " + expected + actual(key));
                return min;
            }
        }

        Config object(String key) {
            try {
                return config.getConfig(key);
            } catch (ConfigException e) {
                problem(key, "expected a block { ... }" + actual(key));
                return null;
            }
        }
    }
}
