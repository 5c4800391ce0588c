package com.example.watchtower.banner;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.MutationWitness;
import io.watchtower.testkit.ReceivedBytesWitness;
import io.watchtower.testkit.TowerCompatibilityKit;

/** The contract every tower meets: discovery, README tables, sample.conf, unknown keys, timeouts, close, writes, secrets. */
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

    /** The tower connects and closes: it sends nothing a server could count. */
    @Override
    protected MutationWitness mutationWitness() throws java.io.IOException {
        return new ReceivedBytesWitness("SSH-2.0-OpenSSH_9.2\r\n", hostPort -> "targets = [\"" + hostPort + "\"]");
    }
}
