package io.watchtower.tower.redisqueue;

import io.watchtower.net.LettuceTls;
import io.watchtower.net.TlsSettings;
import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import io.watchtower.spi.Settings;
import io.watchtower.spi.Severity;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code redis-queue} tower type: a Redis server used as a queue — memory, clients,
 * replication, streams with their consumer groups, and lists — through an allow-list of read
 * commands.
 */
public final class RedisQueueTowerFactory implements TowerFactory {

    // per server
    static final String PING_TIME = "ping_time";
    static final String MEMORY_USAGE = "memory_usage";
    static final String USED_MEMORY = "used_memory";
    static final String EVICTIONS = "evictions";
    static final String CONNECTED_CLIENTS = "connected_clients";
    static final String BLOCKED_CLIENTS = "blocked_clients";
    static final String REJECTED_CONNECTIONS = "rejected_connections";
    static final String KEYSPACE_HIT_RATIO = "keyspace_hit_ratio";
    static final String ROLE = "role";
    static final String MASTER_LINK_DOWN = "master_link_down";
    // per stream
    static final String STREAM_LENGTH = "stream_length";
    // per consumer group
    static final String GROUP_LAG = "group_lag";
    static final String GROUP_PENDING = "group_pending";
    static final String OLDEST_PENDING_IDLE = "oldest_pending_idle";
    static final String IDLE_CONSUMERS = "idle_consumers";
    // per list
    static final String LIST_LENGTH = "list_length";
    static final String LIST_GROWTH = "list_growth";

    private static final double MIB = 1024 * 1024;

    @Override
    public String type() {
        return "redis-queue";
    }

    @Override
    public String description() {
        return "Redis used as a queue: memory, clients, replication, streams, consumer groups and lists, read-only";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.gauge(PING_TIME).unit(Unit.MILLISECONDS).minimumDelta(5)
                        .describedAs("Round trip of PING on an open connection"),
                Check.gauge(MEMORY_USAGE).unit(Unit.RATIO).minimumDelta(0.1).guardrailAbove(0.9)
                        .severity(Severity.HIGH)
                        .describedAs("used_memory as a fraction of maxmemory (only when maxmemory is set)"),
                Check.gauge(USED_MEMORY).unit(Unit.BYTES).minimumDelta(64 * MIB)
                        .describedAs("Memory used by the data set and buffers (used_memory)"),
                Check.counter(EVICTIONS).minimumDelta(1).severity(Severity.HIGH)
                        .describedAs("Keys evicted per second under maxmemory since the last probe"),
                Check.gauge(CONNECTED_CLIENTS).unit(Unit.COUNT).worseWhen(Direction.BOTH).minimumDelta(10)
                        .describedAs("Client connections"),
                Check.gauge(BLOCKED_CLIENTS).unit(Unit.COUNT).worseWhen(Direction.BOTH).minimumDelta(0.5)
                        .describedAs("Clients blocked in BLPOP, XREADGROUP BLOCK and the like: idle consumers waiting for work"),
                Check.counter(REJECTED_CONNECTIONS).minimumDelta(0.01).severity(Severity.HIGH)
                        .describedAs("Connections refused for maxclients per second since the last probe"),
                Check.ratio(KEYSPACE_HIT_RATIO).worseWhen(Direction.LOWER).minimumDelta(0.1)
                        .describedAs("Fraction of key lookups that found the key since the last probe"),
                Check.state(ROLE).severity(Severity.HIGH)
                        .describedAs("primary or replica; a change is a failover"),
                Check.gauge(MASTER_LINK_DOWN).unit(Unit.NONE).guardrailAbove(0.5).severity(Severity.HIGH)
                        .describedAs("On a replica: 1 while the link to its primary is down"),
                Check.gauge(STREAM_LENGTH).unit(Unit.COUNT).minimumDelta(100)
                        .describedAs("Per stream: entries in the stream (XLEN)"),
                Check.gauge(GROUP_LAG).unit(Unit.COUNT).minimumDelta(10).severity(Severity.HIGH)
                        .badNeverNormal().describedAs("Per consumer group: entries not yet delivered to the group (XINFO GROUPS lag)"),
                Check.gauge(GROUP_PENDING).unit(Unit.COUNT).minimumDelta(10)
                        .badNeverNormal().describedAs("Per consumer group: entries delivered but not acknowledged"),
                Check.gauge(OLDEST_PENDING_IDLE).unit(Unit.SECONDS).minimumDelta(30)
                        .badNeverNormal().describedAs("Per consumer group: time since the oldest unacknowledged entry was last delivered"),
                Check.gauge(IDLE_CONSUMERS).unit(Unit.COUNT).minimumDelta(0.5)
                        .describedAs("Per consumer group: consumers that have not interacted for longer than idle-consumer-after"),
                Check.gauge(LIST_LENGTH).unit(Unit.COUNT).minimumDelta(10)
                        .badNeverNormal().describedAs("Per list: elements in the list (LLEN)"),
                Check.counter(LIST_GROWTH).signed().minimumDelta(1)
                        .describedAs("Per list: change of its length per second since the last probe (positive: a backlog builds)"));
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("password");
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        List<String> raw = settings.stringList("servers");
        if (raw.isEmpty()) {
            throw settings.invalid("servers", "at least one host:port server");
        }
        Set<String> servers = new LinkedHashSet<>();
        for (String server : raw) {
            String s = server.strip();
            if (HostPort.parse(s) == null) {
                throw settings.invalid("servers", "host:port pairs such as \"10.0.0.7:6379\" or \"[::1]:6379\" (\""
                        + server + "\" is not one)");
            }
            if (!servers.add(s)) {
                throw settings.invalid("servers", "each server once (\"" + server + "\" is listed twice)");
            }
        }
        String username = settings.optionalString("username").orElse(null);
        String password = settings.secret("password").orElse(null);
        if (username != null && password == null) {
            throw settings.invalid("username", "a password (password, password-file or password-env) with a username");
        }
        int database = settings.integer("database", 0);
        if (database < 0 || database > 1023) {
            throw settings.invalid("database", "a database index between 0 and 1023");
        }
        LettuceTls tls = TlsSettings.read(settings).map(LettuceTls::new).orElse(null);
        List<String> streams = distinct(settings, "streams");
        List<String> lists = distinct(settings, "lists");
        Duration idleConsumerAfter = settings.duration("idle-consumer-after", Duration.ofMinutes(1));
        if (idleConsumerAfter.isNegative() || idleConsumerAfter.isZero()) {
            throw settings.invalid("idle-consumer-after", "a positive duration such as 60s");
        }
        if (context.timeout().dividedBy(servers.size()).toMillis() < 200) {
            throw settings.invalid("servers", "at most " + Math.max(1, context.timeout().toMillis() / 200)
                    + " servers for a timeout of " + context.timeout().toMillis() + " ms (each server needs 200 ms)");
        }
        List<ServerWatch> watches = new ArrayList<>();
        for (String server : servers) {
            HostPort address = HostPort.parse(server);
            RedisConnector connector = new RedisConnector(address, username, password, database, tls, context.timeout());
            watches.add(new ServerWatch(server, connector, streams, lists, idleConsumerAfter, context.clock()));
        }
        return new RedisQueueTower(watches);
    }

    private static List<String> distinct(Settings settings, String key) {
        if (!settings.has(key)) {
            return List.of();
        }
        List<String> values = settings.stringList(key);
        Set<String> seen = new LinkedHashSet<>();
        for (String v : values) {
            if (v.isBlank() || !seen.add(v)) {
                throw settings.invalid(key, "distinct, non-empty key names (\"" + v + "\" is "
                        + (v.isBlank() ? "blank" : "listed twice") + ")");
            }
        }
        if (seen.size() > 100) {
            throw settings.invalid(key, "at most 100 keys (each is a target of its own)");
        }
        return List.copyOf(seen);
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
