package io.watchtower.runtime.channel;

import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.EscalationConfig;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.escalation.Audit;
import io.watchtower.runtime.escalation.EscalationPipeline;
import io.watchtower.runtime.escalation.EscalationSettings;
import io.watchtower.runtime.escalation.Escalator;
import io.watchtower.runtime.escalation.FleetView;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.escalation.SilenceStore;
import io.watchtower.runtime.escalation.Topology;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.series.SeriesKey;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.state.Quarantine;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.spi.Severity;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's alerting side: journal → {@link Escalator} → routing by severity → one durable
 * {@link Outbox} per channel → {@link ChannelDelivery}. Also holds the silences.
 *
 * <p>When an outbox is full and drops notifications, a {@code watchtower/outbox_dropped} signal
 * (severity high, target = the channel) is journaled, so the other channels say so; it resolves
 * once the outbox is below half its capacity again.
 */
public final class Alerting implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private final java.util.function.Consumer<Signal> append;
    private final TowerClock clock;
    private final Path stateDir;
    private final SignalComposer composer;
    private final String host;
    private final String version;
    private final EscalationConfig settings;
    private final String statusUrl;
    private final SilenceStore silences;
    private final Escalator escalator;
    private final EscalationPipeline pipeline;
    private final Map<String, Long> droppingSince = new HashMap<>();
    private volatile List<ChannelDelivery> deliveries = List.of();

    private Alerting(DaemonConfig config, SignalJournal journal, java.util.function.Consumer<Signal> append,
                     TowerClock clock, FleetView fleet, String version, String statusUrl, Audit audit,
                     Quarantine quarantine) throws IOException {
        this.append = append;
        this.clock = clock;
        this.stateDir = config.stateDir();
        this.host = config.host();
        this.version = version;
        this.composer = new SignalComposer(config.host(), version);
        this.settings = config.escalation();
        this.statusUrl = statusUrl;
        this.silences = new SilenceStore(stateDir.resolve("silences.json"), clock, audit, quarantine);
        this.deliveries = start(config.channels());
        this.escalator = new Escalator(new EscalationSettings(settings.groupWait(), settings.repeatInterval(),
                settings.raiseScore(), settings.raiseAfter(), statusUrl), clock, silences, topology(config), fleet,
                this::route);
        this.pipeline = new EscalationPipeline(journal, escalator, stateDir.resolve("escalation.json"), settings.tick(),
                this::checkOutboxes, quarantine);
    }

    /**
     * Starts alerting.
     *
     * @param config the daemon configuration
     * @param journal the signal journal, escalated from
     * @param append where this side's own signals (a full outbox) are written: the journal, in order
     * @param clock the clock
     * @param fleet the fleet view ({@link FleetView#SINGLE_HOST} without a registry)
     * @param version the daemon version
     * @param statusUrl the status page linked from notifications
     * @param audit where creating and expiring silences is recorded
     * @param quarantine where a corrupt silences or escalation state file goes
     * @return the running alerting side
     * @throws IOException when the state dir cannot be used
     */
    public static Alerting start(DaemonConfig config, SignalJournal journal, java.util.function.Consumer<Signal> append,
                                 TowerClock clock, FleetView fleet, String version, String statusUrl, Audit audit,
                                 Quarantine quarantine) throws IOException {
        return new Alerting(config, journal, append, clock, fleet, version, statusUrl, audit, quarantine);
    }

    /**
     * @param config a configuration
     * @return the topology its towers' {@code depends-on} declare
     */
    public static Topology topology(DaemonConfig config) {
        Map<String, List<String>> deps = new LinkedHashMap<>();
        for (TowerConfig t : config.towers().values()) {
            deps.computeIfAbsent(t.component(), c -> new ArrayList<>()).addAll(t.dependsOn());
        }
        return new Topology(deps);
    }

    private List<ChannelDelivery> start(List<ChannelConfig> channels) throws IOException {
        List<ChannelDelivery> started = new ArrayList<>();
        for (ChannelConfig channel : channels) {
            Outbox outbox = new Outbox(stateDir.resolve("outbox").resolve(channel.name() + ".log"), settings.outboxSize());
            started.add(new ChannelDelivery(ChannelFactory.create(channel, clock, settings, statusUrl), outbox,
                    severities(channel), settings.retryMin(), settings.retryMax()));
        }
        return List.copyOf(started);
    }

    private static Set<String> severities(ChannelConfig channel) {
        if (channel.settings().hasPath("severities")) {
            return Set.copyOf(channel.settings().getStringList("severities"));
        }
        return Set.of("critical", "high", "medium", "low");
    }

    private void route(Notification n) {
        String severity = n.escalation().routeSeverity();
        for (ChannelDelivery d : deliveries) {
            if (d.accepts(severity)) {
                int dropped = d.outbox().add(n, Severity.valueOf(severity.toUpperCase(java.util.Locale.ROOT)));
                if (dropped > 0) {
                    dropped(d);
                }
            }
        }
    }

    private synchronized void dropped(ChannelDelivery d) {
        long total = d.outbox().dropped();
        LOG.error("outbox of channel {} is full ({}); dropped its oldest lowest-severity notification ({} so far)",
                d.name(), d.outbox().capacity(), total);
        Long since = droppingSince.get(d.name());
        if (since == null) {
            since = clock.now().toEpochMilli();
            droppingSince.put(d.name(), since);
            append.accept(dropSignal(d, true, since, total));
        }
    }

    private synchronized void checkOutboxes() {
        for (ChannelDelivery d : deliveries) {
            Long since = droppingSince.get(d.name());
            if (since != null && d.outbox().size() < d.outbox().capacity() / 2) {
                droppingSince.remove(d.name());
                append.accept(dropSignal(d, false, since, d.outbox().dropped()));
            }
        }
        silences.prune();
    }

    private Signal dropSignal(ChannelDelivery d, boolean firing, long since, long total) {
        String fingerprint = composer.fingerprint(new SeriesKey("watchtower", d.name(), "outbox_dropped"));
        String state = firing ? "firing" : "resolved";
        String now = clock.now().toString();
        String summary = firing
                ? "Channel " + d.name() + " is failing and its outbox is full (" + d.outbox().capacity()
                + " notifications): " + total + " oldest lowest-severity notification(s) dropped so far"
                : "Channel " + d.name() + " caught up: its outbox is below half its capacity again; "
                + total + " notification(s) were dropped in all";
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, state, since), fingerprint,
                new Signal.TowerRef("watchtower", "daemon", host, version), "watchtower", d.name(), "outbox_dropped",
                "threshold", state, "high", (double) total, null, null, "count",
                new Signal.BaselineRef(0.0, 0.0, 0.0, "bound", 0, "ready", "global", null), 0.5,
                SignalComposer.iso(since), now, summary, List.of(),
                Map.of("channel", d.name(), "capacity", Integer.toString(d.outbox().capacity()),
                        "dropped", Long.toString(total)), List.of(), "", Map.of(), false);
    }

    /**
     * Applies new channels (others need a restart).
     *
     * @param next the new configuration
     */
    public void reload(DaemonConfig next) {
        List<ChannelDelivery> old = deliveries;
        for (ChannelDelivery d : old) {
            closeQuietly(d);
        }
        try {
            deliveries = start(next.channels());
        } catch (IOException e) {
            LOG.error("channels cannot start: {}", e.toString());
            deliveries = List.of();
        }
    }

    /** @return the escalator */
    public Escalator escalator() {
        return escalator;
    }

    /** @return the silences */
    public SilenceStore silences() {
        return silences;
    }

    /** @return channel deliveries, in configuration order */
    public List<ChannelDelivery> deliveries() {
        return deliveries;
    }

    /**
     * Waits (bounded) until the journal is escalated and every outbox delivered.
     *
     * @param timeoutMillis how long at most
     * @throws InterruptedException when interrupted
     */
    public void drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        pipeline.drain(timeoutMillis);
        for (ChannelDelivery d : deliveries) {
            d.drain(Math.max(0, (deadline - System.nanoTime()) / 1_000_000L / Math.max(1, deliveries.size())));
        }
    }

    private static void closeQuietly(ChannelDelivery d) {
        try {
            d.close();
        } catch (Exception e) {
            LOG.warn("closing channel {} failed: {}", d.name(), e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        pipeline.close();
        for (ChannelDelivery d : deliveries) {
            closeQuietly(d);
        }
    }
}
