package io.watchtower.runtime;

import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;

import java.util.List;
import java.util.function.Supplier;

/** A tower type for runtime tests: one gauge check, towers supplied by the test. */
public final class ScriptedTowerFactory implements TowerFactory {

    private final String type;
    private final Supplier<Tower> towers;

    public ScriptedTowerFactory(String type, Supplier<Tower> towers) {
        this.type = type;
        this.towers = towers;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String description() {
        return "a scripted tower for tests";
    }

    @Override
    public List<Check> checks() {
        return List.of(Check.gauge("latency").unit(Unit.MILLISECONDS).describedAs("scripted latency"));
    }

    @Override
    public Tower create(TowerContext context) {
        return towers.get();
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
