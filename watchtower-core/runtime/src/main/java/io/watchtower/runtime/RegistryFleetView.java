package io.watchtower.runtime;

import io.watchtower.runtime.escalation.FleetView;
import io.watchtower.runtime.registry.Answer;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.SignalQuery;
import io.watchtower.runtime.registry.SignalRecord;
import io.watchtower.runtime.registry.TowerRecord;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The fleet view from the tower registry: hosts whose towers watch the component, and hosts on
 * which the check fires now. Unknown (empty) when the registry has no fleet store or cannot
 * answer completely, so a partial picture never claims "only from this host".
 */
public final class RegistryFleetView implements FleetView {

    private final Registry registry;

    /** @param registry the daemon's registry */
    public RegistryFleetView(Registry registry) {
        this.registry = registry;
    }

    /**
     * @param registry the daemon's registry
     * @return a registry-backed view when a fleet registry is configured, else {@link #SINGLE_HOST}
     */
    public static FleetView of(Registry registry) {
        return registry.fleetConfigured() ? new RegistryFleetView(registry) : SINGLE_HOST;
    }

    @Override
    public Optional<Picture> picture(String component, String check) {
        Answer<TowerRecord> towers = registry.towers();
        if (towers.partial()) {
            return Optional.empty();
        }
        TreeSet<String> watching = new TreeSet<>();
        for (TowerRecord t : towers.items()) {
            if (t.component().equals(component)) {
                watching.add(t.host());
            }
        }
        if (watching.size() < 2) {
            return Optional.empty();
        }
        Answer<SignalRecord> signals = registry.signals(new SignalQuery("firing", component, null, Long.MIN_VALUE,
                Long.MAX_VALUE, 10_000));
        if (signals.partial()) {
            return Optional.empty();
        }
        TreeSet<String> firing = new TreeSet<>();
        for (SignalRecord s : signals.items()) {
            if (s.check().equals(check) && "firing".equals(s.state())) {
                firing.add(s.host());
            }
        }
        return Optional.of(new Picture(List.copyOf(watching), List.copyOf(firing)));
    }
}
