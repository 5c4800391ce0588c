package io.watchtower.tower.postgres;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;
import io.watchtower.testkit.PostgresWriteWitness;
import io.watchtower.testkit.MutationWitness;

class PostgresTowerCompatibilityTest extends TowerCompatibilityKit {

    @Override
    protected TowerFactory factory() {
        return new PostgresTowerFactory();
    }

    @Override
    protected String validSettings() {
        return "servers = [\"127.0.0.1:1\"]\nuser = watchtower";
    }

    @Override
    protected String unresponsiveSettings(String hostPort) {
        return "servers = [\"" + hostPort + "\"]\nuser = watchtower";
    }

    @Override
    protected MutationWitness mutationWitness() {
        return new PostgresWriteWitness("watchtower", hostPort -> "servers = [\"" + hostPort + "\"]\nuser = watchtower");
    }
}
