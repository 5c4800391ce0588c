package io.watchtower.tower.redisqueue;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;
import io.watchtower.testkit.RedisWriteWitness;
import io.watchtower.testkit.MutationWitness;
import org.junit.jupiter.api.BeforeAll;

class RedisQueueTowerCompatibilityTest extends TowerCompatibilityKit {

    /** The kit times a probe against a silent server: Lettuce's classes are loaded before, not during it. */
    @BeforeAll
    static void warmUp() throws Exception {
        LettuceWarmUp.once();
    }

    @Override
    protected TowerFactory factory() {
        return new RedisQueueTowerFactory();
    }

    @Override
    protected String validSettings() {
        return "servers = [\"127.0.0.1:1\"]\nstreams = [\"orders\"]\nlists = [\"jobs\"]";
    }

    @Override
    protected String unresponsiveSettings(String hostPort) {
        return "servers = [\"" + hostPort + "\"]\nstreams = [\"orders\"]";
    }

    @Override
    protected MutationWitness mutationWitness() {
        return new RedisWriteWitness(hostPort -> "servers = [\"" + hostPort + "\"]\nstreams = [\"orders\"]\nlists = [\"jobs\"]");
    }
}
