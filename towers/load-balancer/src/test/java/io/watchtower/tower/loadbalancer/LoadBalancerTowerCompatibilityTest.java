package io.watchtower.tower.loadbalancer;

import io.watchtower.spi.TowerFactory;
import io.watchtower.testkit.TowerCompatibilityKit;

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
}
