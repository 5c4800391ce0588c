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
import java.util.List;

/** The {@code network-path} tower type: TCP connect time and failures to host:port targets. */
public final class NetworkPathTowerFactory implements TowerFactory {

    static final String CONNECT_TIME = "connect_time";
    static final String CONNECT_FAILURES = "connect_failures";

    @Override
    public String type() {
        return "network-path";
    }

    @Override
    public String description() {
        return "TCP connect time and connect failures from this host to host:port targets";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.gauge(CONNECT_TIME).unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER).minimumDelta(5)
                        .severity(Severity.MEDIUM)
                        .describedAs("Time to complete a TCP handshake with the target"),
                Check.ratio(CONNECT_FAILURES).severity(Severity.HIGH)
                        .describedAs("Fraction of connection attempts that failed"));
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        List<String> raw = settings.stringList("targets");
        if (raw.isEmpty()) {
            throw settings.invalid("targets", "at least one host:port target");
        }
        List<Target> targets = new ArrayList<>();
        for (String target : raw) {
            Target parsed = Target.parse(target);
            if (parsed == null) {
                throw settings.invalid("targets", "host:port pairs such as \"10.0.0.5:8080\" or \"[::1]:5432\" (\""
                        + target + "\" is not one)");
            }
            targets.add(parsed);
        }
        Duration fallback = context.timeout().dividedBy(targets.size());
        if (fallback.compareTo(Duration.ofMillis(100)) < 0) {
            fallback = Duration.ofMillis(100);
        }
        Duration connectTimeout = settings.duration("connect-timeout", fallback);
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw settings.invalid("connect-timeout", "a positive duration such as 500ms");
        }
        return new NetworkPathTower(targets, connectTimeout, context.clock());
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
