package io.watchtower.tower.networkpath;

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
import java.util.Locale;
import java.util.Set;

/**
 * The {@code network-path} tower type: round-trip time, loss and jitter from this host to several
 * targets, by TCP handshake ({@code host:port}) or ICMP echo ({@code host}, needs CAP_NET_RAW).
 */
public final class NetworkPathTowerFactory implements TowerFactory {

    static final String CONNECT_TIME = "connect_time";
    static final String CONNECT_FAILURES = "connect_failures";
    static final String JITTER = "jitter";

    static final int DEFAULT_ATTEMPTS = 5;
    private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(20);

    @Override
    public String type() {
        return "network-path";
    }

    @Override
    public String description() {
        return "Round-trip time, loss and jitter from this host to targets, by TCP handshake or ICMP echo";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.gauge(CONNECT_TIME).unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER).minimumDelta(5)
                        .severity(Severity.MEDIUM)
                        .describedAs("Median round trip of a probe's attempts: the TCP handshake, or the ICMP echo"),
                Check.ratio(CONNECT_FAILURES).severity(Severity.HIGH)
                        .describedAs("Loss: fraction of a probe's attempts that failed or timed out"),
                Check.gauge(JITTER).unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER).minimumDelta(2)
                        .severity(Severity.LOW)
                        .describedAs("Mean difference between consecutive round trips within a probe"));
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        String method = settings.optionalString("method").orElse("tcp").strip().toLowerCase(Locale.ROOT);
        if (!method.equals("tcp") && !method.equals("icmp")) {
            throw settings.invalid("method", "tcp or icmp");
        }
        boolean icmp = method.equals("icmp");
        List<String> raw = settings.stringList("targets");
        if (raw.isEmpty()) {
            throw settings.invalid("targets", "at least one target");
        }
        Set<String> seen = new LinkedHashSet<>();
        List<Target> targets = new ArrayList<>();
        for (String text : raw) {
            Target parsed = icmp ? Target.parseHost(text) : Target.parse(text);
            if (parsed == null) {
                throw settings.invalid("targets", icmp
                        ? "host names or addresses without a port for method = icmp (\"" + text + "\" is not one)"
                        : "host:port pairs such as \"10.0.0.5:8080\" or \"[::1]:5432\" (\"" + text + "\" is not one)");
            }
            if (!seen.add(parsed.name())) {
                throw settings.invalid("targets", "each target once (\"" + text + "\" is listed twice)");
            }
            targets.add(parsed);
        }
        int attempts = settings.integer("attempts", DEFAULT_ATTEMPTS);
        if (attempts < 1 || attempts > 100) {
            throw settings.invalid("attempts", "an integer between 1 and 100");
        }
        long slots = (long) attempts * targets.size();
        if (context.timeout().dividedBy(slots).compareTo(MIN_ATTEMPT_TIMEOUT) < 0) {
            throw settings.invalid("attempts", "at least " + MIN_ATTEMPT_TIMEOUT.toMillis() + " ms per attempt: "
                    + targets.size() + " targets × " + attempts + " attempts do not fit in the tower timeout of "
                    + context.timeout().toMillis() + " ms; lower `attempts` or raise `timeout`");
        }
        Duration connectTimeout = null;
        if (settings.has("connect-timeout")) {
            connectTimeout = settings.duration("connect-timeout");
            if (connectTimeout.compareTo(MIN_ATTEMPT_TIMEOUT) < 0) {
                throw settings.invalid("connect-timeout", "a duration of at least " + MIN_ATTEMPT_TIMEOUT.toMillis()
                        + " ms such as 500ms");
            }
            if (connectTimeout.multipliedBy(slots).compareTo(context.timeout()) > 0) {
                throw settings.invalid("connect-timeout", "at most the tower timeout (" + context.timeout().toMillis()
                        + " ms) divided by targets × attempts (" + slots + ")");
            }
        }
        PathProbe probe;
        if (icmp) {
            if (!IcmpEcho.permitted()) {
                throw settings.invalid("method", "tcp, or icmp with CAP_NET_RAW: this process may not send ICMP echo "
                        + "(grant it with AmbientCapabilities=CAP_NET_RAW in the unit)");
            }
            probe = new IcmpEcho(context.clock());
        } else {
            probe = new TcpHandshake(context.clock());
        }
        return new NetworkPathTower(targets, probe, attempts, connectTimeout);
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
