package com.example.watchtower.banner;

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
import java.util.Optional;

/**
 * The {@code tcp-banner} tower type: time to the first line a TCP service sends, the line itself,
 * and how often it is missing or unexpected. Found by ServiceLoader through
 * {@code META-INF/services/io.watchtower.spi.TowerFactory}.
 */
public final class BannerTowerFactory implements TowerFactory {

    static final String BANNER_TIME = "banner_time";
    static final String BANNER = "banner";
    static final String BANNER_FAILURES = "banner_failures";

    static final Duration MAX_DEFAULT_READ_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public String type() {
        return "tcp-banner";
    }

    @Override
    public String description() {
        return "Time to the greeting line of TCP services (SSH, SMTP, FTP), and changes of that line";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.gauge(BANNER_TIME).unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER).minimumDelta(5)
                        .severity(Severity.MEDIUM)
                        .describedAs("Time from starting to connect until the first line arrived"),
                Check.state(BANNER).severity(Severity.LOW)
                        .describedAs("The first line the service sent; a change means another version or server"),
                Check.ratio(BANNER_FAILURES).severity(Severity.HIGH)
                        .describedAs("Probes without a banner, or with one not starting with expect-prefix"));
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        List<Target> targets = new ArrayList<>();
        for (String text : settings.stringList("targets")) {
            Target target = Target.parse(text);
            if (target == null) {
                throw settings.invalid("targets", "host:port pairs such as \"10.0.0.9:22\" (\"" + text + "\" is not one)");
            }
            targets.add(target);
        }
        if (targets.isEmpty()) {
            throw settings.invalid("targets", "at least one host:port");
        }
        Optional<String> prefix = settings.optionalString("expect-prefix");
        // without read-timeout each target gets its share of the probe's deadline, at most 2 s
        Duration readTimeout = MAX_DEFAULT_READ_TIMEOUT;
        if (settings.has("read-timeout")) {
            readTimeout = settings.duration("read-timeout");
            if (readTimeout.isZero() || readTimeout.isNegative()) {
                throw settings.invalid("read-timeout", "a positive duration such as 500ms");
            }
            if (readTimeout.multipliedBy(targets.size()).compareTo(context.timeout()) > 0) {
                throw settings.invalid("read-timeout", "at most the tower timeout (" + context.timeout().toMillis()
                        + " ms) divided by the number of targets (" + targets.size() + ")");
            }
        }
        return new BannerTower(targets, prefix, readTimeout, context.clock());
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }

    /** One {@code host:port} to watch. */
    record Target(String name, String host, int port) {

        static Target parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                return null;
            }
            String host = text.substring(0, colon).replace("[", "").replace("]", "");
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                return port < 1 || port > 65535 || host.isBlank() ? null : new Target(text, host, port);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
