package io.watchtower.tower.dns;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;
import io.watchtower.testkit.MutationWitness;

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

    @Override
    protected MutationWitness mutationWitness() {
        return null;
    }

    @Override
    protected String noMutationWitnessBecause() {
        return "the tower sends standard QUERY messages only (dnsjava's Message.newQuery); a resolver holds"
                + " nothing a query can write, and no resolver the kit can start counts UPDATE messages";
    }
}
