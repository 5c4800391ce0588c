package io.watchtower.runtime.api;

import com.typesafe.config.Config;
import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.WatchtowerVersion;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.metrics.DaemonMetrics;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.RegistrySettings;
import io.watchtower.runtime.registry.TowerRecord;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.state.Quarantine;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the daemon shows of itself: the registry it publishes to, its metrics, the audit log of
 * admin actions and the HTTP routes (API and status page). The daemon creates one and tells it
 * about probes and tower changes.
 */
public final class DaemonExposure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonExposure.class);

    private final Daemon daemon;
    private final Registry registry;
    private final DaemonMetrics metrics;
    private final ControlAuditLog audit;
    private final BandHistory recent = new BandHistory();
    private final DaemonApi api;

    private DaemonExposure(Daemon daemon, Registry registry, ApiSettings apiSettings, ControlAuditLog audit, TowerClock clock) {
        this.daemon = daemon;
        this.registry = registry;
        this.audit = audit;
        this.metrics = new DaemonMetrics(new DaemonMetrics.Source() {
            @Override
            public long journalBytes() {
                return daemon.journal().diskBytes();
            }

            @Override
            public long journalHeldSignals() {
                return daemon.appender().held();
            }

            @Override
            public long journalDroppedSignals() {
                return daemon.appender().dropped();
            }

            @Override
            public Map<String, Long> channelBacklog() {
                Map<String, Long> backlog = new java.util.TreeMap<>();
                if (daemon.alerting() != null) {
                    daemon.alerting().deliveries().forEach(d -> backlog.put(d.name(), d.backlog()));
                }
                return backlog;
            }

            @Override
            public long registryBacklogBytes() {
                return registry.backlogBytes();
            }

            @Override
            public long registryPublishErrors() {
                return registry.publishErrors();
            }

            @Override
            public boolean registryUp() {
                return !registry.fleetConfigured() || registry.fleetUp();
            }

            @Override
            public boolean blindSpotLeader() {
                return registry.blindSpotLeader();
            }

            @Override
            public List<SeriesView> series() {
                return daemon.tracker().views();
            }

            @Override
            public int towersScheduled() {
                return daemon.scheduler().scheduled().size();
            }
        });
        this.api = new DaemonApi(daemon, registry, metrics, audit, recent, apiSettings, clock);
    }

    /**
     * Reads the {@code watchtower.api} and {@code watchtower.registry} settings of the daemon's
     * configuration file and starts publishing.
     *
     * @param daemon the daemon (its tracker, scheduler and journal must exist)
     * @param config its configuration
     * @param journal its journal
     * @param clock the clock
     * @param scheduler where registry publication runs
     * @param quarantine where a corrupt state file goes
     * @return the running exposure
     * @throws IOException when the state dir cannot be used
     * @throws InvalidConfigException when a setting is invalid
     */
    public static DaemonExposure open(Daemon daemon, DaemonConfig config, SignalJournal journal, TowerClock clock,
                                      Scheduler scheduler, Quarantine quarantine) throws IOException {
        Config watchtower = config.settings();
        List<ConfigProblem> problems = new ArrayList<>();
        RegistrySettings registrySettings = RegistrySettings.read(watchtower, problems);
        ApiSettings apiSettings = ApiSettings.read(watchtower, config.stateDir(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        Registry registry = Registry.open(config.host(), WatchtowerVersion.get(), registrySettings, config.stateDir(),
                journal, daemon.appender(), clock, scheduler, () -> daemon.tracker().views(), () -> alive(daemon, registrySettings),
                quarantine);
        ControlAuditLog audit = new ControlAuditLog(apiSettings.auditLog(), clock);
        LOG.info("registry: {}; API tokens: {}", registrySettings.postgres().map(p -> "fleet " + p.redactedUrl()
                + " (local store too)").orElse("local store in the state dir"), apiSettings.tokens().size());
        if (apiSettings.tokens().isEmpty() && !loopback(config.listenHost())) {
            LOG.warn("THE API IS OPEN TO THE NETWORK: api.listen = {}:{} is not a loopback address and no api.tokens "
                    + "are set, so anyone who can reach it reads every tower, baseline and signal. Set api.tokens "
                    + "(docs/api.md) or listen on 127.0.0.1", config.listenHost(), config.listenPort());
        }
        return new DaemonExposure(daemon, registry, apiSettings, audit, clock);
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Towers heartbeat only while the scheduler beats: a daemon that stopped probing is a blind spot. */
    private static java.util.Set<String> alive(Daemon daemon, RegistrySettings settings) {
        long beat = daemon.scheduler().sinceLastBeat().toMillis();
        return beat < 3 * settings.heartbeatInterval().toMillis() ? daemon.scheduler().scheduled() : java.util.Set.of();
    }

    private void sample() {
        try {
            recent.sample(daemon.tracker().views());
        } catch (RuntimeException e) {
            LOG.warn("sampling series for the status page failed: {}", e.toString());
        }
    }

    /**
     * Publishes the towers of a configuration (on start and after a reload).
     *
     * @param config the configuration in force
     */
    public void towers(DaemonConfig config) {
        List<TowerRecord> list = new ArrayList<>();
        for (TowerConfig t : config.towers().values()) {
            list.add(new TowerRecord(config.host(), t.id(), t.type(), t.component(), WatchtowerVersion.get(),
                    t.fingerprint(), 0, 0, 0));
        }
        registry.towers(list);
    }

    /**
     * Counts a probe in the metrics.
     *
     * @param result the probe's result
     */
    public void probed(ProbeResult result) {
        TowerConfig tower = daemon.config().towers().get(result.tower());
        metrics.probe(tower == null ? "unknown" : tower.type(), result);
        sample(); // the status page's recent values change only when a probe was judged
    }

    /** @return the HTTP routes */
    public DaemonApi routes() {
        return api;
    }

    /** @return the registry (fleet views for escalation) */
    public Registry registry() {
        return registry;
    }

    /** @return the audit log of admin actions */
    public ControlAuditLog audit() {
        return audit;
    }

    /** @return the metrics */
    public DaemonMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        registry.close();
        try {
            audit.close();
        } catch (IOException e) {
            LOG.warn("closing the audit log failed: {}", e.toString());
        }
    }
}
