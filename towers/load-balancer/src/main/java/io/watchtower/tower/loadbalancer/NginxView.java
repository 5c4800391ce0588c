package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.Observations;
import io.watchtower.spi.TargetObservations;

import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.ACTIVE_CONNECTIONS;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.DROPPED_CONNECTIONS;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.STATS_TIME;

/**
 * nginx's {@code stub_status} page: active connections, and connections accepted but not handled
 * (nginx ran out of worker connections) as a per-probe ratio. Target {@code nginx}.
 */
final class NginxView {

    static final String TARGET = "nginx";
    private static final Pattern ACTIVE = Pattern.compile("Active connections:\\s*(\\d+)");
    private static final Pattern COUNTERS = Pattern.compile("server accepts handled requests\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)");

    private final URI url;
    private long accepts = -1;
    private long handled = -1;

    NginxView(URI url) {
        this.url = url;
    }

    void observe(Observations out, HttpFetcher http, Duration timeout) throws InterruptedException {
        TargetObservations t = out.target(TARGET);
        t.context("source", url.toString());
        Exchange e = http.fetch(url, HttpMethod.GET, null, 4096, true, timeout);
        if (e.failure() != null || e.status() != 200) {
            t.unreachable("stub_status " + url + ": " + (e.failure() != null ? e.failure() : "HTTP " + e.status()));
            return;
        }
        String text = e.text();
        Matcher active = ACTIVE.matcher(text);
        Matcher counters = COUNTERS.matcher(text);
        if (!active.find() || !counters.find()) {
            t.unreachable("stub_status " + url + " is not an nginx stub_status page");
            return;
        }
        t.gauge(STATS_TIME, e.totalMillis());
        t.gauge(ACTIVE_CONNECTIONS, Long.parseLong(active.group(1)));
        long nowAccepts = Long.parseLong(counters.group(1));
        long nowHandled = Long.parseLong(counters.group(2));
        long newAccepts = nowAccepts - accepts;
        long newDropped = (nowAccepts - nowHandled) - (accepts - handled);
        if (accepts >= 0 && newAccepts > 0 && newDropped >= 0 && newDropped <= newAccepts) {
            t.ratio(DROPPED_CONNECTIONS, newDropped, newAccepts);
        }
        t.context("accepts", Long.toString(nowAccepts)).context("handled", Long.toString(nowHandled));
        accepts = nowAccepts;
        handled = nowHandled;
    }
}
