package io.watchtower.runtime.registry;

import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.state.Quarantine;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tower registry as this daemon sees it: the local store in the state dir (always), the fleet
 * registry in PostgreSQL (when {@code watchtower.registry.postgres} is configured), the publisher
 * feeding both, and the blind-spot watch.
 *
 * <p>Queries go to the fleet registry when there is one. When it cannot be reached they answer
 * from the local store, marked partial, with what is missing.
 */
public final class Registry implements AutoCloseable {

    private final String host;
    private volatile RegistrySettings settings;
    private final LocalRegistry local;
    private final PostgresRegistry fleet;
    private final RegistryPublisher publisher;
    private final BlindSpotWatch watch;
    private final TowerClock clock;
    private volatile long fleetDownUntil;
    private volatile String fleetQueryError;

    private Registry(String host, RegistrySettings settings, LocalRegistry local, PostgresRegistry fleet,
                     RegistryPublisher publisher, BlindSpotWatch watch, TowerClock clock) {
        this.host = host;
        this.settings = settings;
        this.local = local;
        this.fleet = fleet;
        this.publisher = publisher;
        this.watch = watch;
        this.clock = clock;
    }

    /**
     * Opens the registry and starts publishing.
     *
     * @param host this daemon's host
     * @param version this daemon's version
     * @param settings the registry settings
     * @param stateDir the state dir ({@code registry/} is used)
     * @param journal the signal journal, published from
     * @param append where blind-spot signals are written: the journal, in order
     * @param clock the clock
     * @param scheduler where publication and the blind-spot watch run
     * @param series this daemon's series, for baselines
     * @param alive ids of the towers that are scheduled now, for heartbeats, given the heartbeat interval in force
     * @param quarantine where a corrupt file of the local store goes
     * @return the running registry
     * @throws IOException when the state dir cannot be used
     */
    public static Registry open(String host, String version, RegistrySettings settings, Path stateDir,
                                SignalJournal journal, Consumer<Signal> append, TowerClock clock,
                                Scheduler scheduler, Supplier<List<SeriesView>> series,
                                Function<Duration, Set<String>> alive,
                                Quarantine quarantine) throws IOException {
        Path dir = stateDir.resolve("registry");
        LocalRegistry local = new LocalRegistry(dir, quarantine, settings.localSignals());
        PostgresRegistry fleet = settings.postgres().map(PostgresRegistry::new).orElse(null);
        RegistryPublisher publisher = new RegistryPublisher(host, version, settings, dir, journal, local, fleet, clock,
                scheduler, series, alive);
        BlindSpotWatch watch = fleet == null ? null : new BlindSpotWatch(settings.postgres().get(), fleet, host, clock,
                scheduler, settings.heartbeatInterval().toMillis(), append);
        publisher.start();
        return new Registry(host, settings, local, fleet, publisher, watch, clock);
    }

    /**
     * Publishes the towers this daemon runs now (on start and after a reload).
     *
     * @param towers id, type, component and config hash of each (other fields are filled in)
     */
    public void towers(List<TowerRecord> towers) {
        publisher.towers(towers);
    }

    /**
     * Applies registry settings a reload read: the heartbeat and baseline intervals, the retention
     * and {@code local-signals}. The fleet connection ({@code postgres}) stays as it was opened: a
     * change of it needs a restart, which the daemon checks before it calls this.
     *
     * @param next the new settings
     */
    public void reconfigure(RegistrySettings next) {
        RegistrySettings applied = new RegistrySettings(next.heartbeatInterval(), next.baselineInterval(),
                next.retention(), next.localSignals(), settings.postgres());
        local.maxSignals(applied.localSignals());
        if (watch != null) {
            watch.heartbeatInterval(applied.heartbeatInterval().toMillis());
        }
        settings = applied;
        publisher.settings(applied);
    }

    /** @return the settings in force */
    public RegistrySettings settings() {
        return settings;
    }

    /** @return whether a fleet registry is configured */
    public boolean fleetConfigured() {
        return fleet != null;
    }

    /** @return whether the last publication reached the fleet registry */
    public boolean fleetUp() {
        return fleet != null && publisher.fleetUp();
    }

    /** @return whether this daemon holds the blind-spot watch */
    public boolean blindSpotLeader() {
        return watch != null && watch.leader();
    }

    /** @return bytes of publications waiting for the fleet registry */
    public long backlogBytes() {
        return publisher.backlogBytes();
    }

    /** @return failed publication attempts since start */
    public long publishErrors() {
        return publisher.errors();
    }

    /** @return the local store (this host only) */
    public RegistryStore local() {
        return local;
    }

    private <T> Answer<T> ask(Function<RegistryStore, List<T>> query) {
        if (fleet == null) {
            return Answer.complete(query.apply(local));
        }
        long now = clock.now().toEpochMilli();
        // a registry the publisher cannot reach is not asked again by every request: answers stay fast
        boolean knownDown = !publisher.fleetUp() && publisher.fleetError() != null
                && !publisher.fleetError().equals(RegistryPublisher.NOT_CONTACTED);
        if (now >= fleetDownUntil && !knownDown) {
            try {
                List<T> items = query.apply(fleet);
                fleetQueryError = null;
                return Answer.complete(items);
            } catch (RegistryUnavailableException e) {
                fleetQueryError = e.getMessage();
                fleetDownUntil = now + 2000;
            }
        }
        String why = fleetQueryError != null ? fleetQueryError : publisher.fleetError();
        return new Answer<>(query.apply(local), true, List.of("fleet registry unreachable (" + why
                + "): only this host (" + host + ") is shown, other hosts are missing"));
    }

    /** @return every tower of the fleet (or of this host, partial) */
    public Answer<TowerRecord> towers() {
        return ask(s -> s.towers(null));
    }

    /** @param query filters @return the current baseline of each matching series */
    public Answer<BaselineRecord> baselines(BaselineQuery query) {
        return ask(s -> s.baselines(query));
    }

    /** @param host a host, or null for every host @param series a series id @return its baseline per season bucket */
    public Answer<BaselineRecord> seriesBaselines(String host, String series) {
        return ask(s -> host == null && s == local ? local.seriesBaselines(this.host, series)
                : s.seriesBaselines(host, series));
    }

    /** @param query filters @return matching signal transitions, in order */
    public Answer<SignalRecord> signals(SignalQuery query) {
        return ask(s -> s.signals(query));
    }

    /**
     * Publishes an answer to a page: to the fleet registry (through the durable outbox) when there
     * is one; locally the daemon's feedback record is the store.
     *
     * @param record the answer
     */
    public void publishFeedback(io.watchtower.runtime.signal.FeedbackRecord record) {
        publisher.feedback(record);
    }

    /**
     * @param sinceMs only answers at or after this, epoch ms
     * @param local this host's answers, for the answer without (or without reaching) a fleet registry
     * @return the fleet's checks by answers, most {@code noise} first
     */
    public Answer<FeedbackCount> feedbackByCheck(long sinceMs,
                                                 Supplier<List<io.watchtower.runtime.signal.FeedbackRecord>> local) {
        return ask(s -> s == fleet ? PostgresFeedback.byCheck(fleet, sinceMs) : FeedbackCount.rank(local.get(), sinceMs));
    }

    /**
     * Prunes signal history older than the retention now (also done hourly).
     *
     * @return transitions deleted (one number), partial when the fleet registry could not be pruned
     */
    public Answer<Long> prune() {
        long before = clock.now().toEpochMilli() - settings.retention().toMillis();
        long n = local.prune(before);
        if (fleet != null) {
            try {
                n += fleet.prune(before);
            } catch (RegistryUnavailableException e) {
                return new Answer<>(List.of(n), true, List.of("fleet registry unreachable (" + e.getMessage()
                        + "): only the local store was pruned"));
            }
        }
        return Answer.complete(List.of(n));
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
        publisher.close();
        if (fleet != null) {
            fleet.close();
        }
        local.close();
    }
}
