package com.example.watchtower.banner;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;

/** The contract every tower meets: discovery, sample.conf, unknown keys, timeouts, close, secrets. */
class BannerTowerCompatibilityTest extends TowerCompatibilityKit {

    @Override
    protected TowerFactory factory() {
        return new BannerTowerFactory();
    }

    @Override
    protected String validSettings() {
        return "targets = [\"127.0.0.1:1\"]";
    }

    @Override
    protected String unresponsiveSettings(String hostPort) {
        return "targets = [\"" + hostPort + "\"]";
    }
}
