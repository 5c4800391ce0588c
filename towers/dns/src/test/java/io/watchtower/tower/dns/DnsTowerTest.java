package io.watchtower.tower.dns;

import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import io.watchtower.testkit.fixture.DelayingUdpProxy;
import io.watchtower.testkit.fixture.DnsmasqServer;
import io.watchtower.testkit.fixture.MalformedDnsServer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsTowerTest {

    private static final DnsTowerFactory FACTORY = new DnsTowerFactory();
    private static final String FAST = "baseline.warm-up = 5";
    /**
     * Loopback answers take about a millisecond, but this machine is shared: a scheduling hiccup
     * of 10 ms is not what tests about answers and outcomes are about.
     */
    private static final String STEADY_LATENCY = "checks { resolution_time { baseline { minimum-delta = 500 } } }";

    private static TowerHarness harness(String block) {
        return TowerHarness.of(FACTORY, "interval = 10s\ntimeout = 2s\nquery-timeout = 400ms\n" + block, FAST,
                new FakeClock());
    }

    private static String resolver(InetSocketAddress address) {
        return "127.0.0.1:" + address.getPort();
    }

    @Test
    void aChangedRecordFiresAChangeSignalWithOldAndNewSetsAndResolversDisagree() {
        try (DnsmasqServer a = DnsmasqServer.builder().host("api.test", "10.0.0.1").ttl(30).start();
             DnsmasqServer b = DnsmasqServer.builder().host("api.test", "10.0.0.1").ttl(30).start();
             TowerHarness h = harness("resolvers = [\"" + resolver(a.address()) + "\", \"" + resolver(b.address())
                     + "\"]\nnames = [\"api.test\"]\n" + STEADY_LATENCY)) {
            String targetA = resolver(a.address()) + "/api.test/A";
            // a rate needs a few hundred attempts of history before a deviation is significant
            // (the probes take milliseconds of real time)
            assertThat(h.probes(300)).as("steady answers raise nothing").isEmpty();
            assertThat(h.series(targetA, "ttl").orElseThrow().last().value()).isEqualTo(30.0);
            assertThat(h.series("api.test/A", "resolver_disagreement")).isPresent();

            a.setHost("api.test", "10.0.0.3", "10.0.0.2");
            Optional<Integer> took = h.probesUntil(s -> s.kind() == SignalKind.CHANGE && s.firing(), 5);
            assertThat(took).as("change signal within 5 probes").isPresent();
            Signal change = last(h.signals(), s -> s.kind() == SignalKind.CHANGE);
            assertThat(change.target()).isEqualTo(targetA);
            assertThat(change.check()).isEqualTo("answer_set");
            assertThat(change.previousState()).isEqualTo("10.0.0.1");
            assertThat(change.observedState()).isEqualTo("10.0.0.2, 10.0.0.3");
            assertThat(change.summary()).contains("10.0.0.1").contains("10.0.0.2, 10.0.0.3");

            assertThat(h.probesUntil(s -> s.check().equals("resolver_disagreement") && s.firing(), 12)).isPresent();
            Signal disagreement = last(h.signals(), s -> s.check().equals("resolver_disagreement") && s.firing());
            assertThat(disagreement.target()).isEqualTo("api.test/A");
            assertThat(disagreement.context().values()).anySatisfy(v -> assertThat(v).contains("10.0.0.2, 10.0.0.3"));
        }
    }

    @Test
    void aStoppedServerIsUnreachableAndComesBack() {
        try (DnsmasqServer dns = DnsmasqServer.builder().host("api.test", "10.0.0.1").start();
             TowerHarness h = harness("resolvers = [\"" + resolver(dns.address()) + "\"]\nnames = [\"api.test\"]")) {
            String target = resolver(dns.address()) + "/api.test/A";
            assertThat(h.probes(6)).isEmpty();
            dns.stop();
            long started = System.nanoTime();
            assertThat(h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE && s.firing(), 5)).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the query timeout")
                    .isLessThan(Duration.ofSeconds(5));
            Signal down = last(h.signals(), s -> s.kind() == SignalKind.UNREACHABLE);
            assertThat(down.target()).isEqualTo(target);
            assertThat(down.context()).containsKey("reason");

            dns.start();
            assertThat(h.probesUntil(s -> s.kind() == SignalKind.UNREACHABLE && !s.firing(), 5)).isPresent();
        }
    }

    @Test
    void servfailFromTheUpstreamIsARateAnomaly() throws Exception {
        try (UpstreamStub upstream = new UpstreamStub();
             DnsmasqServer dns = DnsmasqServer.builder().host("api.test", "10.0.0.1")
                     .option("server=/flaky.example/127.0.0.1#" + upstream.port()).option("no-negcache").start();
             TowerHarness h = harness("resolvers = [\"" + resolver(dns.address()) + "\"]\nnames = [\"www.flaky.example\"]\n"
                     + STEADY_LATENCY)) {
            String target = resolver(dns.address()) + "/www.flaky.example/A";
            assertThat(h.probes(300)).as("a steady NODATA answer raises nothing").isEmpty();
            assertThat(h.series(target, "answer_set").orElseThrow().last().state()).isEqualTo("NODATA");

            upstream.answer(Rcode.SERVFAIL);
            assertThat(h.probesUntil(s -> s.check().equals("servfail") && s.firing(), 12)).isPresent();
            Signal servfail = last(h.signals(), s -> s.check().equals("servfail"));
            assertThat(servfail.kind()).isEqualTo(SignalKind.ANOMALY);
            assertThat(servfail.target()).isEqualTo(target);
            assertThat(servfail.context()).containsEntry("outcome", "SERVFAIL");
        }
    }

    /**
     * A 40 ms delay each way is a latency anomaly. The baseline learns from 40 steady answers, not
     * 10: on a busy machine a loopback answer now and then takes 20 to 40 ms, and with only ten
     * the band stays as wide as that noise. The JVM's first queries (dnsjava's classes, 50 to
     * 300 ms on a busy machine) go to a harness of their own, not into the baseline.
     */
    @Test
    void slowAnswersThroughADelayingProxyAreALatencyAnomaly() {
        try (DnsmasqServer dns = DnsmasqServer.builder().host("api.test", "10.0.0.1").start();
             DelayingUdpProxy proxy = DelayingUdpProxy.to(dns.address())) {
            String resolvers = "resolvers = [\"" + resolver(proxy.address()) + "\"]\nnames = [\"api.test\"]\n";
            try (TowerHarness warmUp = harness(resolvers)) {
                warmUp.probes(3);
            }
            try (TowerHarness h = harness(resolvers + "checks { resolution_time { baseline { minimum-delta = 30 } } }")) {
                String target = resolver(proxy.address()) + "/api.test/A";
                List<String> verdicts = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    assertThat(h.probe()).isEmpty();
                    verdicts.add("steady " + h.series(target, "resolution_time").orElseThrow().last());
                }
                proxy.setDelay(Duration.ofMillis(40));
                boolean fired = false;
                for (int i = 0; i < 5 && !fired; i++) {
                    fired = h.probe().stream().anyMatch(s -> s.check().equals("resolution_time") && s.firing());
                    verdicts.add("slow " + h.series(target, "resolution_time").orElseThrow().last());
                }
                assertThat(fired).as("fires within 5 slow probes; verdicts:\n" + String.join("\n", verdicts)).isTrue();
                Signal slow = last(h.signals(), s -> s.check().equals("resolution_time"));
                assertThat(slow.kind()).isEqualTo(SignalKind.ANOMALY);
                assertThat(slow.target()).isEqualTo(target);
                assertThat(slow.observed()).isGreaterThan(70.0);
            }
        }
    }

    @Test
    void aTruncatedAnswerIsRetriedOverTcpAndCounted() {
        String[] many = IntStream.rangeClosed(1, 120).mapToObj(i -> "10.1.0." + i).toArray(String[]::new);
        try (DnsmasqServer dns = DnsmasqServer.builder().host("big.test", many).start();
             TowerHarness h = harness("resolvers = [\"" + resolver(dns.address()) + "\"]\nnames = [\"big.test\"]")) {
            h.probe();
            List<Observation> seen = h.lastResult().observations();
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("truncated");
                assertThat(o.failures()).isEqualTo(1);
            });
            assertThat(seen).anySatisfy(o -> {
                assertThat(o.check()).isEqualTo("answer_set");
                assertThat(o.state().split(", ")).hasSize(65);
            });
            assertThat(h.lastResult().context().values()).anySatisfy(c -> assertThat(c).containsKey("transport"));
        }
    }

    @Test
    void malformedAnswersEndInBoundedTimeWithASignal() {
        for (MalformedDnsServer.Mode mode : MalformedDnsServer.Mode.values()) {
            try (MalformedDnsServer bad = MalformedDnsServer.start(mode);
                 TowerHarness h = harness("resolvers = [\"" + resolver(bad.address()) + "\"]\nnames = [\"api.test\"]")) {
                long started = System.nanoTime();
                Optional<Integer> fired = h.probesUntil(s -> s.firing()
                        && (s.kind() == SignalKind.UNREACHABLE || s.check().equals("bad_answers")), 5);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(fired).as("a signal for %s answers", mode).isPresent();
                assertThat(took).as("5 probes against %s answers", mode).isLessThan(Duration.ofSeconds(5));
                assertThat(bad.queries()).as("the server was asked (%s)", mode).isPositive();
                assertThat(h.lastResult().outcome().name()).isEqualTo("OK");
            }
        }
    }

    @Test
    void queriesRunOnTheSharedEventLoopsAndStartNoThreadOfTheirOwn() {
        try (DnsmasqServer dns = DnsmasqServer.builder().host("api.test", "10.0.0.1").start()) {
            String resolvers = "resolvers = [\"" + resolver(dns.address()) + "\"]\nnames = [\"api.test\"]";
            // the JVM's first queries load dnsjava's and the transport's classes, which on a busy
            // machine can outlast the 400 ms query timeout: not what this test is about
            try (TowerHarness warmUp = harness(resolvers)) {
                warmUp.probe();
            }
            try (TowerHarness h = harness(resolvers)) {
                h.probe();
                assertThat(h.lastResult().observations()).anySatisfy(o -> {
                    assertThat(o.check()).isEqualTo("answer_set");
                    assertThat(o.state()).isEqualTo("10.0.0.1");
                });
                // dnsjava's own transport starts a selector thread that wakes every second for good
                assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                        .noneMatch(name -> name.startsWith("dnsjava"))
                        .anyMatch(name -> name.startsWith("watchtower-netty"));
            }
        }
    }

    @Test
    void rejectsBadSettingsNamingTheKey() {
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "resolvers = [\"dns.example.com\"]\nnames = [\"a.test\"]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("resolvers")
                .hasMessageContaining("IP addresses");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY, "resolvers = [\"127.0.0.1\"]\nnames = [\"a.test\"]\ntypes = [\"BOGUS\"]"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> TowerHarness.of(FACTORY,
                "timeout = 2s\nresolvers = [\"127.0.0.1\"]\nnames = [\"a.test\"]\nquery-timeout = 1500ms"))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("query-timeout")
                .hasMessageContaining("half");
    }

    private static Signal last(List<Signal> signals, Predicate<Signal> wanted) {
        return signals.stream().filter(wanted).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no such signal among " + signals));
    }
}
