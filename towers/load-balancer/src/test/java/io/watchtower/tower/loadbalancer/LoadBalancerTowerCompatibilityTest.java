package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;
import io.watchtower.testkit.MutationWitness;

class LoadBalancerTowerCompatibilityTest extends TowerCompatibilityKit {

    @Override
    protected TowerFactory factory() {
        return new LoadBalancerTowerFactory();
    }

    @Override
    protected String validSettings() {
        return "frontends = [ { url = \"http://127.0.0.1:1/health\" } ]";
    }

    @Override
    protected String unresponsiveSettings(String hostPort) {
        return "frontends = [ { url = \"http://" + hostPort + "/health\" } ]\n"
                + "haproxy.stats-url = \"http://" + hostPort + "/stats;csv\"\n"
                + "nginx.stub-status-url = \"http://" + hostPort + "/stub_status\"";
    }

    @Override
    protected MutationWitness mutationWitness() {
        return null;
    }

    @Override
    protected String noMutationWitnessBecause() {
        return "the tower sends GET and HEAD only (frontends[].method accepts nothing else; statistics are read"
                + " with GET and the runtime API's `show stat`), and no server the kit starts counts other methods";
    }

    @Override
    protected String settingsWithSecret(String hostPort, String key, String secret) {
        return unresponsiveSettings(hostPort) + "\nhaproxy.stats-user = watchtower\n" + key + " = \"" + secret + "\"";
    }
}
