package io.watchtower.tower.redisqueue;

import static io.watchtower.tower.redisqueue.HostileRedis.drip;
import static io.watchtower.tower.redisqueue.HostileRedis.hangUp;
import static io.watchtower.tower.redisqueue.HostileRedis.send;
import static io.watchtower.tower.redisqueue.HostileRedis.silence;
import static io.watchtower.tower.redisqueue.HostileRedis.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.watchtower.net.LettuceResources;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tower, on Lettuce, against servers that misbehave on a real socket: each misbehaviour is an
 * unreachable signal with a reason, within the probe's budget (timeout 2 s: 1 s per command), and
 * never a hang, a crash or a heap filled by what the server claims it will send.
 */
class RedisQueueHostilePeerTest {

    /**
     * Loads Lettuce's and Netty's classes with one well-behaved exchange first: the first
     * connection of a JVM can take longer than a probe's budget on a busy machine, which is
     * start-up, not a peer's doing.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        LettuceWarmUp.once();
    }

    private static TowerHarness harness(HostileRedis peer, String extra) {
        return TowerHarness.of(RedisQueueTowerTest.FACTORY, "interval = 10s\ntimeout = 2s\nservers = [\""
                + peer.address() + "\"]\n" + extra, RedisQueueTowerTest.GLOBAL, new FakeClock());
    }

    /** Probes until the server is unreachable; every probe ends in time; returns the reason. */
    private static String unreachableReason(TowerHarness h) {
        for (int i = 0; i < 3; i++) {
            h.probe();
            assertThat(h.lastResult().outcome()).as("the tower reports, the probe does not fail")
                    .isEqualTo(ProbeResult.Outcome.OK);
            // the tower's own deadline (1.8 s: the 2 s timeout less the core's reserve for
            // reporting) ends it, before the core's timeout would
            assertThat(h.lastResult().durationNanos()).as("probe %d ends at the tower's own deadline", i)
                    .isLessThan(Duration.ofMillis(1_900).toNanos());
            if (h.signals().stream().anyMatch(s -> s.firing() && s.kind() == SignalKind.UNREACHABLE)) {
                Signal down = RedisQueueTowerTest.last(h, s -> s.kind() == SignalKind.UNREACHABLE);
                return down.context().get("reason");
            }
        }
        throw new AssertionError("no unreachable signal after 3 probes: " + h.signals() + " "
                + h.lastResult().observations() + " " + h.lastResult());
    }

    @Test
    void aPeerThatDripsItsReplyCannotStretchTheCommandDeadline() throws Exception {
        try (HostileRedis peer = new HostileRedis(Map.of("INFO", drip("$20\r\nabcdefghijklmnopqrst\r\n", 100)));
             TowerHarness h = harness(peer, "")) {
            assertThat(unreachableReason(h)).containsPattern("no reply to INFO within 1[0-9]{3} ms");
        }
    }

    @Test
    void aPeerSilentDuringTheHandshakeFailsTheConnectWithinTheBudget() throws Exception {
        try (HostileRedis peer = new HostileRedis(Map.of("AUTH", silence()));
             TowerHarness h = harness(peer, "password = \"s3cret\"")) {
            assertThat(unreachableReason(h)).contains("no connection to 127.0.0.1:" + peer.port() + " within");
        }
    }

    @Test
    void garbageInsteadOfAReplyIsUnreachable() throws Exception {
        try (HostileRedis peer = new HostileRedis(Map.of("INFO", send("HTTP/1.1 400 Bad Request\r\n\r\n")));
             TowerHarness h = harness(peer, "")) {
            assertThat(unreachableReason(h)).contains("Invalid first byte: 72 (H)");
        }
    }

    @Test
    void aHugeDeclaredBulkStringIsCutAtTheReplyLimit() throws Exception {
        // declares 2 GB and streams up to 64 MiB of it: the limit (1 MiB) closes the connection
        try (HostileRedis peer = new HostileRedis(Map.of("INFO", stream("$2000000000\r\n", "x", 64)));
             TowerHarness h = harness(peer, "")) {
            assertThat(unreachableReason(h)).contains("more than " + LettuceResources.MAX_REPLY_BYTES + " bytes");
        }
    }

    @Test
    void aHugeDeclaredArrayIsNeitherAllocatedNorBufferedBeyondTheLimit() throws Exception {
        // XINFO GROUPS answered with an array declared two billion long, then integers without end
        try (HostileRedis peer = new HostileRedis(Map.of("XLEN", send(":5\r\n"),
                "XINFO", stream("*2000000000\r\n", ":1\r\n", 64)));
             TowerHarness h = harness(peer, "streams = [\"orders\"]")) {
            assertThat(unreachableReason(h)).contains("more than " + LettuceResources.MAX_REPLY_BYTES + " bytes");
        }
    }

    @Test
    void aNegativeDeclaredLengthIsUnreachable() throws Exception {
        try (HostileRedis peer = new HostileRedis(Map.of("LLEN", send("$-7\r\n")));
             TowerHarness h = harness(peer, "lists = [\"jobs\"]")) {
            assertThat(unreachableReason(h)).contains("length: -7");
        }
    }

    @Test
    void aPeerThatHangsUpMidReplyIsUnreachable() throws Exception {
        try (HostileRedis peer = new HostileRedis(Map.of("INFO", hangUp("$10\r\nabc")));
             TowerHarness h = harness(peer, "")) {
            assertThat(unreachableReason(h)).contains("Connection disconnected");
        }
    }

    @Test
    void theTowerRunsOnTheSharedEventLoopsAndStartsNoLettuceThreads() throws Exception {
        try (HostileRedis peer = new HostileRedis(Map.of("INFO", send("$9\r\nrole:master\r\n")));
             TowerHarness h = harness(peer, "")) {
            h.probes(2);
            assertThat(h.lastResult().outcome()).isEqualTo(ProbeResult.Outcome.OK);
            assertThat(peer.received).contains("CLIENT SETNAME watchtower", "PING", "INFO");
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .anyMatch(name -> name.startsWith("watchtower-netty"))
                    .noneMatch(name -> name.startsWith("lettuce-"));
        }
    }
}
