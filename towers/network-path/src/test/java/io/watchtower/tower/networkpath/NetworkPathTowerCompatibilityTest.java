package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.MutationWitness;
import io.watchtower.testkit.ReceivedBytesWitness;
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

    /** The tower connects and closes: it sends nothing a server could count. */
    @Override
    protected MutationWitness mutationWitness() throws java.io.IOException {
        return new ReceivedBytesWitness(null, hostPort -> "targets = [\"" + hostPort + "\"]");
    }
}
