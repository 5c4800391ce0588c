package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.Observations;
import io.watchtower.spi.ProbeDeadline;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerClock;

import java.time.Duration;
import java.util.List;

import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.CERT_DAYS_LEFT;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.CONNECT_TIME;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.DNS_TIME;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.FIRST_BYTE_TIME;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.REQUEST_FAILURES;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.RESPONSE_SIZE;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.STATUS_CLASS;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.TLS_TIME;
import static io.watchtower.tower.loadbalancer.LoadBalancerTowerFactory.TOTAL_TIME;

/**
 * One probe: each frontend URL once, then HAProxy's and nginx's statistics. Each request may take
 * an even share of the probe's time left, or the configured request timeout if that is shorter.
 */
final class LoadBalancerTower implements Tower {

    private final List<Frontend> frontends;
    private final HaproxyView haproxy;
    private final NginxView nginx;
    private final long maxBody;
    /** The configured bound of one request, or null for an even share of the time left. */
    private final Duration requestTimeout;
    private final HttpFetcher http;
    private final TowerClock clock;

    LoadBalancerTower(List<Frontend> frontends, HaproxyView haproxy, NginxView nginx, long maxBody,
                      Duration requestTimeout, HttpFetcher http, TowerClock clock) {
        this.frontends = List.copyOf(frontends);
        this.haproxy = haproxy;
        this.nginx = nginx;
        this.maxBody = maxBody;
        this.requestTimeout = requestTimeout;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public void observe(Observations out) throws InterruptedException {
        int left = frontends.size() + (haproxy != null ? 1 : 0) + (nginx != null ? 1 : 0);
        for (Frontend f : frontends) {
            Exchange e = http.fetch(f.uri(), f.method(), f.backendHeader(), maxBody, false,
                    requestTimeout(out.deadline(), left--));
            report(out.target(f.name()), f, e);
        }
        if (haproxy != null) {
            haproxy.observe(out, http, requestTimeout(out.deadline(), left--));
        }
        if (nginx != null) {
            nginx.observe(out, http, requestTimeout(out.deadline(), left));
        }
    }

    private Duration requestTimeout(ProbeDeadline deadline, int requestsLeft) {
        return deadline.share(requestsLeft, requestTimeout);
    }

    private void report(TargetObservations t, Frontend f, Exchange e) {
        t.context("url", f.uri().toString());
        gauge(t, DNS_TIME, e.dnsMillis());
        gauge(t, CONNECT_TIME, e.connectMillis());
        gauge(t, TLS_TIME, e.tlsMillis());
        if (e.certificateNotAfter() != null) {
            double days = Duration.between(clock.now(), e.certificateNotAfter()).toSeconds() / 86_400.0;
            t.gauge(CERT_DAYS_LEFT, days);
            t.context("certificate_expires", e.certificateNotAfter().toString());
        }
        if (e.failure() != null) {
            t.context("failure", e.failure());
            t.ratio(REQUEST_FAILURES, 1, 1);
            if (!e.answered()) {
                t.unreachable(e.failure());
            }
            return;
        }
        t.context("status", Integer.toString(e.status()));
        if (e.backend() != null) {
            t.context("backend", e.backend());
        }
        t.state(STATUS_CLASS, e.statusClass());
        gauge(t, FIRST_BYTE_TIME, e.firstByteMillis());
        gauge(t, TOTAL_TIME, e.totalMillis());
        t.gauge(RESPONSE_SIZE, e.bytes());
        boolean failed = e.status() >= 500 || e.capped();
        if (e.capped()) {
            t.context("failure", "body larger than max-body-bytes (" + maxBody + " bytes); reading stopped there");
        }
        t.ratio(REQUEST_FAILURES, failed ? 1 : 0, 1);
    }

    private static void gauge(TargetObservations t, String check, double value) {
        if (Double.isFinite(value)) {
            t.gauge(check, value);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "LoadBalancerTower[" + frontends.size() + " frontends" + (haproxy != null ? ", " + haproxy : "")
                + (nginx != null ? ", nginx" : "")
                + (requestTimeout != null ? ", request timeout " + requestTimeout.toMillis() + " ms" : "") + "]";
    }
}
