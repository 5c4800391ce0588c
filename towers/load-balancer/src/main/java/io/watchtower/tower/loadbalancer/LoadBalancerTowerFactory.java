package io.watchtower.tower.loadbalancer;

import io.watchtower.net.ClientTls;
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

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code load-balancer} tower type: HTTP probes of frontend URLs through the balancer (status,
 * phase timings, size, certificate expiry, which backend answered), and the balancer's own view of
 * its backends from HAProxy's stats or nginx's {@code stub_status}.
 */
public final class LoadBalancerTowerFactory implements TowerFactory {

    static final String STATUS_CLASS = "status_class";
    static final String REQUEST_FAILURES = "request_failures";
    static final String DNS_TIME = "dns_time";
    static final String CONNECT_TIME = "connect_time";
    static final String TLS_TIME = "tls_time";
    static final String FIRST_BYTE_TIME = "first_byte_time";
    static final String TOTAL_TIME = "total_time";
    static final String RESPONSE_SIZE = "response_size";
    static final String CERT_DAYS_LEFT = "tls_cert_days_left";
    static final String SERVER_STATE = "server_state";
    static final String SERVERS_DOWN = "servers_down";
    static final String QUEUE = "queue";
    static final String SESSION_UTILIZATION = "session_utilization";
    static final String HTTP_5XX = "http_5xx";
    static final String CHECK_FAILURES = "check_failures";
    static final String STATS_TIME = "stats_time";
    static final String ACTIVE_CONNECTIONS = "active_connections";
    static final String DROPPED_CONNECTIONS = "dropped_connections";

    static final long DEFAULT_MAX_BODY = 1L << 20;

    @Override
    public String type() {
        return "load-balancer";
    }

    @Override
    public String description() {
        return "Frontend URLs through a load balancer, and its own view of its backends (HAProxy stats, nginx stub_status)";
    }

    @Override
    public List<Check> checks() {
        return List.of(
                Check.state(STATUS_CLASS).severity(Severity.HIGH)
                        .describedAs("Class of the HTTP status a frontend URL answered (2xx, 3xx, 4xx, 5xx)"),
                Check.ratio(REQUEST_FAILURES).severity(Severity.HIGH).guardrailAbove(0.5)
                        .describedAs("Fraction of frontend requests without a complete response, with a 5xx status, "
                                + "or with a body above the size cap"),
                ms(DNS_TIME, 5, "Time to resolve the frontend's host name"),
                ms(CONNECT_TIME, 5, "Time to complete the TCP handshake with the frontend"),
                ms(TLS_TIME, 10, "Time to complete the TLS handshake"),
                ms(FIRST_BYTE_TIME, 10, "Time from sending the request to the first response byte"),
                ms(TOTAL_TIME, 10, "Time from the start of the request to the end of the response"),
                Check.gauge(RESPONSE_SIZE).unit(Unit.BYTES).worseWhen(Direction.BOTH).minimumDelta(64)
                        .severity(Severity.LOW)
                        .describedAs("Response body size in bytes (reading stops at the cap)"),
                Check.gauge(CERT_DAYS_LEFT).unit(Unit.DAYS).signed().worseWhen(Direction.LOWER).guardrailBelow(14)
                        .severity(Severity.HIGH)
                        .describedAs("Days until the frontend's TLS certificate expires"),
                Check.state(SERVER_STATE).severity(Severity.HIGH)
                        .describedAs("A backend server's state as HAProxy sees it (UP, DOWN, MAINT, DRAIN, NOLB, no check)"),
                Check.gauge(SERVERS_DOWN).unit(Unit.COUNT).worseWhen(Direction.HIGHER).guardrailAbove(0.5)
                        .severity(Severity.HIGH)
                        .describedAs("Servers of a backend that HAProxy marks DOWN"),
                Check.gauge(QUEUE).unit(Unit.COUNT).worseWhen(Direction.HIGHER).minimumDelta(1)
                        .badNeverNormal().describedAs("Requests queued for a backend or server (no free connection slot)"),
                Check.gauge(SESSION_UTILIZATION).unit(Unit.RATIO).worseWhen(Direction.HIGHER).minimumDelta(0.1)
                        .guardrailAbove(0.9)
                        .describedAs("Current sessions over the configured session limit of a backend or server"),
                Check.ratio(HTTP_5XX).severity(Severity.HIGH)
                        .describedAs("Fraction of a backend's or server's responses since the last probe that were 5xx"),
                Check.counter(CHECK_FAILURES).minimumDelta(0.05)
                        .describedAs("Failed health checks of a server per second since the last probe"),
                ms(STATS_TIME, 10, "Time to read the balancer's statistics (HAProxy stats or nginx stub_status)"),
                Check.gauge(ACTIVE_CONNECTIONS).unit(Unit.COUNT).worseWhen(Direction.BOTH).minimumDelta(10)
                        .severity(Severity.LOW)
                        .describedAs("nginx active client connections"),
                Check.ratio(DROPPED_CONNECTIONS).severity(Severity.HIGH)
                        .describedAs("Fraction of connections nginx accepted but did not handle since the last probe"));
    }

    private static Check ms(String name, double minimumDelta, String description) {
        return Check.gauge(name).unit(Unit.MILLISECONDS).worseWhen(Direction.HIGHER).minimumDelta(minimumDelta)
                .describedAs(description);
    }

    @Override
    public Set<String> sensitiveKeys() {
        return Set.of("haproxy.stats-password");
    }

    @Override
    public Tower create(TowerContext context) {
        Settings settings = context.settings();
        List<Frontend> frontends = frontends(settings);
        long maxBody = settings.integer("max-body-bytes", (int) DEFAULT_MAX_BODY);
        if (maxBody < 1) {
            throw settings.invalid("max-body-bytes", "a positive number of bytes");
        }
        Optional<TlsSettings> tlsBlock = TlsSettings.read(settings);
        HaproxyView haproxy = haproxy(settings, context);
        Optional<URI> stubStatus = settings.optionalString("nginx.stub-status-url")
                .map(u -> uri(settings, "nginx.stub-status-url", u));
        NginxView nginx = stubStatus.map(NginxView::new).orElse(null);
        int requests = frontends.size() + (haproxy != null ? 1 : 0) + (nginx != null ? 1 : 0);
        if (requests == 0) {
            throw settings.invalid("frontends", "at least one of `frontends`, `haproxy` or `nginx`");
        }
        Duration requestTimeout = null;
        if (settings.has("request-timeout")) {
            requestTimeout = settings.duration("request-timeout");
            if (requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw settings.invalid("request-timeout", "a positive duration such as 2s");
            }
            if (requestTimeout.multipliedBy(requests).compareTo(context.timeout()) > 0) {
                throw settings.invalid("request-timeout", "at most the tower timeout (" + context.timeout().toMillis()
                        + " ms) divided by the " + requests + " requests of one probe");
            }
        }
        boolean https = frontends.stream().anyMatch(f -> isHttps(f.uri()))
                || statsUrl(haproxy).map(LoadBalancerTowerFactory::isHttps).orElse(false)
                || stubStatus.map(LoadBalancerTowerFactory::isHttps).orElse(false);
        // The TLS context (and with it the JDK's trust store) is only built when something is https.
        ClientTls tls = https || tlsBlock.isPresent() ? tls(settings, tlsBlock.orElse(TlsSettings.jdkDefaults())) : null;
        return new LoadBalancerTower(frontends, haproxy, nginx, maxBody, requestTimeout,
                new HttpFetcher(context.clock(), tls), context.clock());
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    private static Optional<URI> statsUrl(HaproxyView haproxy) {
        return haproxy == null ? Optional.empty() : Optional.ofNullable(haproxy.statsUrl());
    }

    private static List<Frontend> frontends(Settings settings) {
        List<Frontend> frontends = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Settings f : settings.objectList("frontends")) {
            String url = f.string("url");
            URI uri = uri(f, "url", url);
            String method = f.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                throw f.invalid("method", "GET or HEAD (the tower never sends requests that change anything)");
            }
            String name = f.optionalString("name").orElse(url);
            if (!names.add(name)) {
                throw f.invalid("name", "a name used by no other frontend (\"" + name + "\" is taken)");
            }
            String header = f.optionalString("backend-header").orElse(null);
            frontends.add(new Frontend(name, uri, HttpMethod.valueOf(method), header));
        }
        return frontends;
    }

    private static HaproxyView haproxy(Settings settings, TowerContext context) {
        Optional<String> statsUrl = settings.optionalString("haproxy.stats-url");
        Optional<String> socket = settings.optionalString("haproxy.runtime-socket");
        Optional<String> config = settings.optionalString("haproxy.config-file");
        Optional<String> user = settings.optionalString("haproxy.stats-user");
        Optional<String> password = settings.secret("haproxy.stats-password");
        if (statsUrl.isPresent() && socket.isPresent()) {
            throw settings.invalid("haproxy.runtime-socket", "either haproxy.stats-url or haproxy.runtime-socket, not both");
        }
        if (statsUrl.isEmpty() && socket.isEmpty()) {
            if (config.isPresent() || user.isPresent()) {
                throw settings.invalid("haproxy", "haproxy.stats-url or haproxy.runtime-socket");
            }
            return null;
        }
        String authorization = null;
        if (user.isPresent()) {
            String pair = user.get() + ":" + password.orElse("");
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        URI uri = statsUrl.map(u -> uri(settings, "haproxy.stats-url", u)).orElse(null);
        RuntimeSocket runtime = socket.map(s -> new RuntimeSocket(Path.of(s), context.clock())).orElse(null);
        return new HaproxyView(uri, authorization, runtime, config.map(Path::of).orElse(null), context.clock());
    }

    private static URI uri(Settings settings, String key, String text) {
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw settings.invalid(key, "an http:// or https:// URL with a host (\"" + text + "\" is not one)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw settings.invalid(key, "an http:// or https:// URL (\"" + text + "\": " + e.getReason() + ")");
        }
    }

    private static ClientTls tls(Settings settings, TlsSettings tls) {
        try {
            return ClientTls.of(tls);
        } catch (IOException | RuntimeException e) {
            throw settings.invalid(tls.caFile() != null ? "tls.ca-file" : "tls.verify",
                    "usable TLS settings (" + e.getMessage() + ")");
        }
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
