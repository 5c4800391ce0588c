package io.watchtower.runtime.api;

import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.metrics.DaemonMetrics;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.TowerRecord;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the daemon shows of itself: its metrics, the audit log of admin actions and the HTTP
 * routes (API and status page), read from the engine, the registry it publishes to and the
 * channels. The daemon creates one from parts that already run and tells it about tower changes
 * and new access settings.
 */
public final class DaemonExposure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonExposure.class);

    private final EngineView engine;
    private final Registry registry;
    private final String version;
    private final DaemonMetrics metrics;
    private final ControlAuditLog audit;
    private final DaemonApi api;

    /**
     * @param engine the running engine
     * @param registry the registry the daemon publishes to (the exposure closes it)
     * @param apiSettings access settings
     * @param audit the audit log of admin actions (the exposure closes it)
     * @param version the daemon's version
     * @param clock the clock
     * @param probes what judgement kept of each probe: counts and recent values
     * @param channelBacklog notifications waiting, by channel name, read on every scrape
     */
    public DaemonExposure(EngineView engine, Registry registry, ApiSettings apiSettings, ControlAuditLog audit,
                          String version, TowerClock clock, JudgedProbes probes,
                          Supplier<Map<String, Long>> channelBacklog) {
        this.engine = engine;
        this.registry = registry;
        this.version = version;
        this.audit = audit;
        this.metrics = new DaemonMetrics(new DaemonMetrics.Source() {
            @Override
            public long journalBytes() {
                return engine.journal().diskBytes();
            }

            @Override
            public long journalHeldSignals() {
                return engine.appender().held();
            }

            @Override
            public long journalDroppedSignals() {
                return engine.appender().dropped();
            }

            @Override
            public Map<String, Long> channelBacklog() {
                return new java.util.TreeMap<>(channelBacklog.get());
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
                return engine.tracker().views();
            }

            @Override
            public int towersScheduled() {
                return engine.scheduler().scheduled().size();
            }
        }, probes.metrics());
        this.api = new DaemonApi(engine, registry, metrics, audit, probes.recent(), apiSettings, version, clock);
    }

    /**
     * Applies access settings read by a reload: tokens and rate limits from the next request on.
     *
     * @param next the new access settings
     */
    public void access(ApiSettings next) {
        api.access(next);
    }

    /**
     * Warns when the API is open to the network: no tokens and a listen address that is not loopback.
     *
     * @param config the configuration
     * @param apiSettings its access settings
     */
    public static void warnWhenOpen(DaemonConfig config, ApiSettings apiSettings) {
        if (apiSettings.tokens().isEmpty() && !loopback(config.listenHost())) {
            LOG.warn("THE API IS OPEN TO THE NETWORK: api.listen = {}:{} is not a loopback address and no api.tokens "
                    + "are set, so anyone who can reach it reads every tower, baseline and signal. Set api.tokens "
                    + "(docs/api.md) or listen on 127.0.0.1", config.listenHost(), config.listenPort());
        }
    }

    private static boolean loopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /**
     * Publishes the towers of a configuration (on start and after a reload).
     *
     * @param config the configuration in force
     */
    public void towers(DaemonConfig config) {
        engine.configured(config);
        List<TowerRecord> list = new ArrayList<>();
        for (TowerConfig t : config.towers().values()) {
            list.add(new TowerRecord(config.host(), t.id(), t.type(), t.component(), version,
                    t.fingerprint(), 0, 0, 0));
        }
        registry.towers(list);
    }

    /** @return the HTTP routes */
    public DaemonApi routes() {
        return api;
    }

    /** @return the registry the daemon publishes to */
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
