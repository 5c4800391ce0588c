package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;

class NetworkPathTowerCompatibilityTest extends TowerCompatibilityKit {

    @Override
    protected TowerFactory factory() {
        return new NetworkPathTowerFactory();
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
