package io.watchtower.launcher;

import io.watchtower.spi.Check;
import io.watchtower.spi.SpiVersion;
import io.watchtower.spi.Tower;
import io.watchtower.spi.TowerContext;
import io.watchtower.spi.TowerFactory;
import io.watchtower.spi.Unit;
import io.watchtower.testkit.FakeClock;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** A tower type {@code latency}: about 20 ms (deterministic by the minute), 80 ms while {@link #spike} is set. */
final class SpikingLatency implements TowerFactory {

    /** Set to make the latency spike. */
    final AtomicBoolean spike = new AtomicBoolean();
    private final FakeClock clock;

    SpikingLatency(FakeClock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "latency";
    }

    @Override
    public String description() {
        return "a latency the test spikes";
    }

    @Override
    public List<Check> checks() {
        return List.of(Check.gauge("latency").unit(Unit.MILLISECONDS).describedAs("latency"));
    }

    @Override
    public Tower create(TowerContext context) {
        return out -> {
            long minute = clock.now().getEpochSecond() / 60;
            double noise = ((minute * 7919) % 13) / 13.0; // deterministic, in [0, 1)
            out.target("orders-db").gauge("latency", spike.get() ? 80 : 20 + noise);
        };
    }

    @Override
    public int spiVersion() {
        return SpiVersion.CURRENT;
    }
}
