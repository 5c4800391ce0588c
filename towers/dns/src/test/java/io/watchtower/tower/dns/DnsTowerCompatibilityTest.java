package io.watchtower.tower.dns;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;

class DnsTowerCompatibilityTest extends TowerCompatibilityKit {

    @Override
    protected TowerFactory factory() {
        return new DnsTowerFactory();
    }

    @Override
    protected String validSettings() {
        return "resolvers = [\"127.0.0.1:1\"]\nnames = [\"api.test\"]";
    }

    @Override
    protected String unresponsiveSettings(String hostPort) {
        // a TCP listener that never answers: nothing answers UDP on that port either
        return "resolvers = [\"" + hostPort + "\"]\nnames = [\"api.test\"]\nquery-timeout = 300ms";
    }
}
