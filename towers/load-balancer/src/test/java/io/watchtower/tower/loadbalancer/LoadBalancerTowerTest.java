package io.watchtower.tower.loadbalancer;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.HaproxyServer;
import io.watchtower.testkit.fixture.NginxServer;
import io.watchtower.testkit.fixture.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadBalancerTowerTest {

    private static final LoadBalancerTowerFactory FACTORY = new LoadBalancerTowerFactory();
    private static final String FAST = "baseline.warm-up = 5";
    /** Timings on this shared machine hiccup; the assertions here are about states and rates. */
    private static final Predicate<Signal> NOT_TIMING = s -> !s.check().endsWith("_time");

    private static TowerHarness harness(String block) {
        return harness(block, new FakeClock());
    }

    private static TowerHarness harness(String block, FakeClock clock) {
        return TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 3s\n" + block, FAST, clock);
    }

    private static HaproxyServer haproxy(Backend... backends) {
        HaproxyServer.Builder builder = HaproxyServer.builder().healthCheck(Duration.ofMillis(100));
        for (Backend b : backends) {
            builder.server(b.name(), "127.0.0.1", b.port());
        }
        return builder.start();
    }

    @Test
    void aStoppedBackendIsASignalNamingTheServerItsBackendAndFrontend() throws IOException {
        try (Backend web1 = new Backend("web1"); Backend web2 = new Backend("web2"); Backend web3 = new Backend("web3");
             HaproxyServer lb = haproxy(web1, web2, web3);
             TowerHarness h = harness("frontends = [ { name = \"shop\", url = \"" + lb.frontendUri()
                     + "\", backend-header = \"X-Backend\" } ]\n"
                     + "haproxy { runtime-socket = \"" + lb.runtimeApiSocket() + "\"\n"
                     + "  config-file = \"" + lb.workDir().resolve("haproxy.cfg") + "\" }")) {
            assertThat(h.probes(6)).as("a healthy pool raises nothing").filteredOn(NOT_TIMING).isEmpty();
            assertThat(h.series("be_app/web2", "server_state").orElseThrow().last().state()).isEqualTo("UP");
            assertThat(h.lastResult().context().get("shop")).containsKey("backend");

            web2.stop();
            awaitServerState(lb, "web2", "DOWN");
            Optional<Integer> took = h.probesUntil(s -> s.check().equals("servers_down") && s.firing(), 5);
            assertThat(took).as("servers_down fires within 5 probes").isPresent();
            Signal down = last(h.signals(), s -> s.check().equals("servers_down"));
            assertThat(down.kind()).isEqualTo(SignalKind.THRESHOLD);
            assertThat(down.target()).isEqualTo("be_app");
            assertThat(down.observed()).isEqualTo(1.0);
            assertThat(down.context()).containsEntry("frontends", "fe_app").containsEntry("backend", "be_app");
            assertThat(down.context().get("down")).startsWith("web2");

            h.probes(2);
            Signal change = last(h.signals(), s -> s.check().equals("server_state") && s.firing());
            assertThat(change.target()).isEqualTo("be_app/web2");
            assertThat(change.previousState()).isEqualTo("UP");
            assertThat(change.observedState()).isEqualTo("DOWN");
            assertThat(change.context()).containsEntry("frontends", "fe_app").containsEntry("server", "web2");
            assertThat(change.context().get("check")).contains("L4CON");
        }
    }

    @Test
    void fiveHundredsFromOneBackendAreAnAnomalyOfThatServer() throws Exception {
        try (Backend web1 = new Backend("web1"); Backend web2 = new Backend("web2");
             HaproxyServer lb = haproxy(web1, web2);
             TowerHarness h = harness("haproxy.stats-url = \"" + lb.statsCsvUri() + "\"")) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < 12; i++) {
                traffic(client, lb.frontendUri(), 20);
                assertThat(h.probe()).filteredOn(NOT_TIMING).isEmpty();
            }
            web1.answer(503);
            Optional<Integer> took = Optional.empty();
            for (int i = 1; i <= 6 && took.isEmpty(); i++) {
                traffic(client, lb.frontendUri(), 20);
                if (h.probe().stream().anyMatch(s -> s.check().equals("http_5xx") && s.firing()
                        && s.target().equals("be_app/web1"))) {
                    took = Optional.of(i);
                }
            }
            assertThat(took).as("http_5xx of be_app/web1 fires within 6 probes").isPresent();
            Signal signal = last(h.signals(), s -> s.check().equals("http_5xx") && s.target().equals("be_app/web1"));
            assertThat(signal.kind()).isEqualTo(SignalKind.ANOMALY);
            assertThat(signal.observed()).isGreaterThan(0.9);
            assertThat(h.signals()).noneMatch(s -> s.check().equals("http_5xx") && s.target().equals("be_app/web2"));
        }
    }

    @Test
    void aCertificateExpiringInFiveDaysFiresTheGuardrail(@TempDir Path dir) throws Exception {
        Path pem = selfSignedCertificate(dir, 5);
        try (Backend web1 = new Backend("web1");
             HaproxyServer lb = HaproxyServer.startWithConfig(String.join("\n",
                     "global", "  stats socket ${RUNTIME_SOCKET} mode 600 level admin",
                     "defaults", "  mode http", "  timeout connect 1s", "  timeout client 5s", "  timeout server 5s",
                     "frontend fe_tls", "  bind 127.0.0.1:${FRONTEND_PORT} ssl crt " + pem, "  default_backend be_app",
                     "backend be_app", "  server web1 127.0.0.1:" + web1.port(),
                     "listen stats", "  bind 127.0.0.1:${STATS_PORT}", "  stats enable", "  stats uri /stats", ""));
             // the certificate's dates are real, so simulated time starts now
             TowerHarness h = harness("frontends = [ { name = \"shop-tls\", url = \"https://localhost:"
                     + lb.frontendPort() + "/\" } ]\ntls.verify = false", new FakeClock(Instant.now()))) {
            Optional<Integer> took = h.probesUntil(s -> s.check().equals("tls_cert_days_left") && s.firing(), 5);
            assertThat(took).as("certificate guardrail fires while the baseline is still learning").isPresent();
            Signal signal = last(h.signals(), s -> s.check().equals("tls_cert_days_left"));
            assertThat(signal.kind()).isEqualTo(SignalKind.THRESHOLD);
            assertThat(signal.observed()).isBetween(4.0, 5.01);
            assertThat(signal.context()).containsKey("certificate_expires");
            assertThat(h.series("shop-tls", "tls_time")).isPresent();
            assertThat(h.series("shop-tls", "status_class").orElseThrow().last().state()).isEqualTo("2xx");
        }
    }

    @Test
    void readsNginxStubStatus() {
        try (NginxServer nginx = NginxServer.builder().start();
             TowerHarness h = harness("nginx.stub-status-url = \"" + nginx.stubStatusUri() + "\"\n"
                     + "frontends = [ { url = \"" + nginx.uri() + "\", method = HEAD } ]")) {
            h.probes(2);
            List<Observation> seen = h.lastResult().observations();
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.target()).isEqualTo("nginx");
                assertThat(o.check()).isEqualTo("active_connections");
                assertThat(o.value()).isGreaterThanOrEqualTo(1.0);
            });
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("dropped_connections");
                assertThat(o.failures()).isZero();
                assertThat(o.attempts()).isGreaterThanOrEqualTo(2);
            });
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.target()).isEqualTo(nginx.uri().toString());
                assertThat(o.check()).isEqualTo("response_size");
                assertThat(o.value()).isZero();
            });
        }
    }

    @Test
    void hostileServersEndInBoundedTimeWithASignalAndBoundedMemory() throws IOException {
        for (HostileServer.Mode mode : HostileServer.Mode.values()) {
            try (HostileServer hostile = new HostileServer(mode);
                 TowerHarness h = harness("request-timeout = 500ms\nfrontends = [ { url = \"" + hostile.url() + "\" } ]")) {
                Optional<Integer> fired = Optional.empty();
                for (int i = 1; i <= 5 && fired.isEmpty(); i++) {
                    List<Signal> signals = h.probe();
                    // the tower's own deadline ends the probe, well before the core's 3 s timeout
                    assertThat(h.lastResult().outcome().name()).as("probe %d against a %s server", i, mode).isEqualTo("OK");
                    assertThat(Duration.ofNanos(h.lastResult().durationNanos())).as("probe %d against %s", i, mode)
                            .isLessThan(Duration.ofMillis(i == 1 ? 2500 : 1500));
                    if (signals.stream().anyMatch(s -> s.firing()
                            && (s.kind() == SignalKind.UNREACHABLE || s.check().equals("request_failures")))) {
                        fired = Optional.of(i);
                    }
                }
                assertThat(fired).as("a signal for a %s server", mode).isPresent();
                if (mode == HostileServer.Mode.ONE_GIGABYTE) {
                    assertThat(h.lastResult().observations()).anySatisfy(o -> {
                        assertThat(o.check()).isEqualTo("response_size");
                        assertThat(o.value()).isEqualTo((double) LoadBalancerTowerFactory.DEFAULT_MAX_BODY);
                    });
                    assertThat(hostile.bytesSent()).as("the client stopped reading").isLessThan(256L << 20);
                }
            }
        }
    }

    @Test
    void rejectsMethodsThatCouldChangeSomething() {
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "frontends = [ { url = \"http://127.0.0.1/\", method = POST } ]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("method").hasMessageContaining("GET or HEAD");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "frontends = [ { url = \"ftp://127.0.0.1/\" } ]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("url");
    }

    private static void traffic(HttpClient client, URI uri, int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static void awaitServerState(HaproxyServer lb, String server, String state) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (String line : lb.runtimeApi("show stat").split("\n")) {
                String[] f = line.split(",");
                if (f.length > 17 && f[0].equals(HaproxyServer.BACKEND) && f[1].equals(server) && f[17].startsWith(state)) {
                    return;
                }
            }
            // polling a real process, which no fake clock can speed up
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("HAProxy did not mark " + server + " " + state + " within 5 s");
    }

    /** A self-signed certificate and its key in one PEM file, as HAProxy's {@code crt} takes them. */
    private static Path selfSignedCertificate(Path dir, int days) throws Exception {
        TestCertificate pair = TestCertificate.create(dir, "localhost", days, "DNS:localhost");
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, Files.readString(pair.certificate()) + Files.readString(pair.key()));
        return combined;
    }

    private static Signal last(List<Signal> signals, Predicate<Signal> wanted) {
        return signals.stream().filter(wanted).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no such signal among " + signals));
    }
}
