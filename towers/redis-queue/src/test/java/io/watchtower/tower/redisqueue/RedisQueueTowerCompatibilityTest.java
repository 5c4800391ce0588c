package io.watchtower.tower.redisqueue;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;

class RedisQueueTowerCompatibilityTest extends TowerCompatibilityKit {

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
}
