package io.watchtower.tower.redisqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.time.Await;
import io.watchtower.testkit.FakeClock;
import io.watchtower.testkit.TowerHarness;
import java.time.Duration;
import java.util.Map;

/**
 * One well-behaved probe per test JVM before the timing tests: the first Lettuce connection of a
 * JVM loads several hundred classes (Lettuce, Netty, Reactor), which on a busy machine can take
 * longer than a probe's budget. That is start-up, not what a timing test measures.
 */
final class LettuceWarmUp {

    private static boolean done;

    private LettuceWarmUp() {
    }

    static synchronized void once() throws Exception {
        if (done) {
            return;
        }
        try (HostileRedis peer = new HostileRedis(Map.of("INFO", HostileRedis.send("$9\r\nrole:master\r\n")));
             TowerHarness h = TowerHarness.of(RedisQueueTowerTest.FACTORY, "interval = 10s\ntimeout = 2s\nservers = [\""
                     + peer.address() + "\"]", RedisQueueTowerTest.GLOBAL, new FakeClock())) {
            Await.until("a probe of a well-behaved peer succeeds once Lettuce is warm", Duration.ofSeconds(30), () -> {
                h.probe();
                return h.lastResult().outcome() == ProbeResult.Outcome.OK;
            });
            assertThat(h.lastResult().outcome()).as("a well-behaved peer is watched").isEqualTo(ProbeResult.Outcome.OK);
        }
        done = true;
    }
}
