package io.watchtower.runtime.channel;

import io.watchtower.runtime.config.ChannelConfig;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.EscalationConfig;
import io.watchtower.runtime.config.InvalidConfigException;
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
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.runtime.state.Quarantine;
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
 * {@link NotificationOutbox} per channel → {@link ChannelDelivery}. Also holds the silences.
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
    private volatile EscalationConfig settings;
    private volatile String statusUrl;
    private final Object routing = new Object();
    private final SilenceStore silences;
    private final Escalator escalator;
    private final EscalationPipeline pipeline;
    private final Map<String, Long> droppingSince = new HashMap<>();
    private volatile List<ChannelDelivery> deliveries = List.of();
    private final Map<String, ChannelConfig> configured = new HashMap<>();
    private final Scheduler scheduler;
    private volatile boolean dropping;

    private Alerting(DaemonConfig config, SignalJournal journal, java.util.function.Consumer<Signal> append,
                     TowerClock clock, Scheduler scheduler, FleetView fleet, String version, String statusUrl,
                     Audit audit, Quarantine quarantine) throws IOException {
        this.append = append;
        this.clock = clock;
        this.scheduler = scheduler;
        this.stateDir = config.stateDir();
        this.host = config.host();
        this.version = version;
        this.composer = new SignalComposer(config.host(), version);
        this.settings = config.escalation();
        this.statusUrl = statusUrl;
        this.silences = new SilenceStore(stateDir.resolve("silences.json"), clock, audit, quarantine);
        this.deliveries = start(config.channels());
        config.channels().forEach(c -> configured.put(c.name(), c));
        this.escalator = new Escalator(escalationSettings(settings, statusUrl), clock, silences, topology(config), fleet,
                this::route);
        this.pipeline = new EscalationPipeline(journal, escalator, stateDir.resolve("escalation.json"), scheduler,
                this::checkOutboxes, quarantine);
        silences.onChange(pipeline::wake);
    }

    /**
     * Starts alerting.
     *
     * @param config the daemon configuration
     * @param journal the signal journal, escalated from
     * @param append where this side's own signals (a full outbox) are written: the journal, in order
     * @param clock the clock
     * @param scheduler where escalation and deliveries run
     * @param fleet the fleet view ({@link FleetView#SINGLE_HOST} without a registry)
     * @param version the daemon version
     * @param statusUrl the status page linked from notifications
     * @param audit where creating and expiring silences is recorded
     * @param quarantine where a corrupt silences or escalation state file goes
     * @return the running alerting side
     * @throws IOException when the state dir cannot be used
     */
    public static Alerting start(DaemonConfig config, SignalJournal journal, java.util.function.Consumer<Signal> append,
                                 TowerClock clock, Scheduler scheduler, FleetView fleet, String version,
                                 String statusUrl, Audit audit, Quarantine quarantine) throws IOException {
        return new Alerting(config, journal, append, clock, scheduler, fleet, version, statusUrl, audit, quarantine);
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

    private static EscalationSettings escalationSettings(EscalationConfig c, String statusUrl) {
        return new EscalationSettings(c.groupWait(), c.repeatInterval(), c.raiseScore(), c.raiseAfter(), statusUrl);
    }

    private List<ChannelDelivery> start(List<ChannelConfig> channels) throws IOException {
        List<ChannelDelivery> started = new ArrayList<>();
        try {
            for (ChannelConfig channel : channels) {
                started.add(open(channel, settings, statusUrl));
            }
        } catch (IOException | RuntimeException e) {
            started.forEach(Alerting::closeQuietly);
            throw e;
        }
        return List.copyOf(started);
    }

    private ChannelDelivery open(ChannelConfig channel, EscalationConfig with, String url) throws IOException {
        NotificationOutbox outbox = new NotificationOutbox(outboxFile(channel), with.outboxSize());
        try {
            return delivery(ChannelFactory.create(channel, clock, with, url), outbox, channel, with);
        } catch (RuntimeException e) {
            outbox.close();
            throw e;
        }
    }

    private Path outboxFile(ChannelConfig channel) {
        return stateDir.resolve("outbox").resolve(channel.name() + ".log");
    }

    private static Set<String> severities(ChannelConfig channel) {
        if (channel.settings().hasPath("severities")) {
            return Set.copyOf(channel.settings().getStringList("severities"));
        }
        return Set.of("critical", "high", "medium", "low");
    }

    private void route(Notification n) {
        String severity = n.escalation().routeSeverity();
        synchronized (routing) { // a reload swaps and closes deliveries under the same lock
            for (ChannelDelivery d : deliveries) {
                if (d.accepts(severity)) {
                    int dropped = d.outbox().add(n, Severity.valueOf(severity.toUpperCase(java.util.Locale.ROOT)));
                    if (dropped > 0) {
                        dropped(d);
                    }
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
            dropping = true;
            append.accept(composer.outboxDropped(d.name(), true, since, clock.now(), total, d.outbox().capacity()));
        }
    }

    private synchronized void checkOutboxes() {
        for (ChannelDelivery d : deliveries) {
            Long since = droppingSince.get(d.name());
            if (since != null && d.outbox().size() < d.outbox().capacity() / 2) {
                droppingSince.remove(d.name());
                append.accept(composer.outboxDropped(d.name(), false, since, clock.now(), d.outbox().dropped(),
                        d.outbox().capacity()));
            }
        }
        dropping = !droppingSince.isEmpty();
        silences.prune();
    }

    /**
     * Prepares a new configuration's alerting side without changing anything yet: channels that
     * are new get their outbox opened and start delivering what it already holds; channels whose
     * settings changed get their new channel made. Unchanged channels are kept as they are.
     * Nothing is routed to the new set until {@link Change#apply()}.
     *
     * @param next the new configuration
     * @param nextStatusUrl the status page linked from notifications under it
     * @return the change, to apply once every other part of the reload is ready
     * @throws InvalidConfigException naming the channel when one cannot start (its outbox cannot be
     *                                opened, for example); then nothing was changed
     */
    public Change prepare(DaemonConfig next, String nextStatusUrl) {
        EscalationConfig nextSettings = next.escalation();
        boolean deliveryChanged = !sameDelivery(settings, nextSettings) || !nextStatusUrl.equals(statusUrl);
        Map<String, ChannelDelivery> old = new LinkedHashMap<>();
        deliveries.forEach(d -> old.put(d.name(), d));
        List<Step> plan = new ArrayList<>();
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            for (ChannelConfig channel : next.channels()) {
                ChannelDelivery current = old.get(channel.name());
                ChannelConfig was = current == null ? null : configured.get(channel.name());
                if (current != null && channel.equals(was) && !deliveryChanged) {
                    plan.add(new Kept(current));
                } else if (current != null) {
                    SignalChannel made = ChannelFactory.create(channel, clock, nextSettings, nextStatusUrl);
                    opened.add(made);
                    plan.add(new Replacement(current, made, channel));
                } else {
                    ChannelDelivery started;
                    try {
                        started = open(channel, nextSettings, nextStatusUrl);
                    } catch (IOException e) {
                        throw problem(channel, "cannot open its outbox " + outboxFile(channel) + ": " + e
                                + "; expected a writable file in a writable directory");
                    }
                    opened.add(started);
                    plan.add(new Started(started));
                }
            }
        } catch (InvalidConfigException e) {
            opened.forEach(Alerting::closeQuietly);
            throw e;
        } catch (RuntimeException e) {
            opened.forEach(Alerting::closeQuietly);
            ChannelConfig failing = next.channels().get(plan.size());
            throw problem(failing, "cannot start: " + e.getMessage());
        }
        return new Change(next, nextStatusUrl, plan);
    }

    private static InvalidConfigException problem(ChannelConfig channel, String message) {
        String origin = ConfigProblem.describe(channel.settings().origin());
        return new InvalidConfigException(List.of(new ConfigProblem(origin, channel.path(), message)));
    }

    private static boolean sameDelivery(EscalationConfig a, EscalationConfig b) {
        return a.outboxSize() == b.outboxSize() && a.retryMin().equals(b.retryMin())
                && a.retryMax().equals(b.retryMax()) && a.timeout().equals(b.timeout())
                && a.repeatInterval().equals(b.repeatInterval());
    }

    /** What a reload does with one configured channel. */
    private sealed interface Step permits Kept, Started, Replacement {
    }

    /** An unchanged channel: its delivery goes on undisturbed. */
    private record Kept(ChannelDelivery delivery) implements Step {
    }

    /** A new channel: its outbox is open and its delivery started, but nothing is routed to it yet. */
    private record Started(ChannelDelivery delivery) implements Step {
    }

    /** A channel whose settings changed: the new channel takes over the old one's outbox. */
    private record Replacement(ChannelDelivery old, SignalChannel channel, ChannelConfig config) implements Step {
    }

    /** A prepared reload of the alerting side, applied with {@link #apply()}. */
    public final class Change {
        private final DaemonConfig next;
        private final String nextStatusUrl;
        private final List<Step> plan;

        private Change(DaemonConfig next, String nextStatusUrl, List<Step> plan) {
            this.next = next;
            this.nextStatusUrl = nextStatusUrl;
            this.plan = plan;
        }

        /** Switches to the new escalation settings, topology and channels; removed channels are closed. */
        public void apply() {
            EscalationConfig nextSettings = next.escalation();
            escalator.reconfigure(escalationSettings(nextSettings, nextStatusUrl), topology(next));
            pipeline.wake(); // what is due may have changed
            List<ChannelDelivery> now = new ArrayList<>();
            List<ChannelDelivery> retired = new ArrayList<>(deliveries);
            synchronized (routing) {
                for (Step step : plan) {
                    if (step instanceof Kept k) {
                        now.add(k.delivery());
                        retired.remove(k.delivery());
                    } else if (step instanceof Started st) {
                        now.add(st.delivery());
                    } else if (step instanceof Replacement r) {
                        now.add(takeOver(r, nextSettings));
                        retired.remove(r.old()); // handed over: its outbox lives on in the new delivery
                    }
                }
                deliveries = List.copyOf(now);
                configured.clear();
                next.channels().forEach(c -> configured.put(c.name(), c));
                settings = nextSettings;
                statusUrl = nextStatusUrl;
            }
            retired.forEach(Alerting::closeQuietly);
        }
    }

    private ChannelDelivery takeOver(Replacement r, EscalationConfig with) {
        NotificationOutbox outbox;
        try {
            outbox = r.old().handOver();
        } catch (Exception e) {
            LOG.warn("closing channel {} failed: {}", r.old().name(), e.toString());
            outbox = r.old().outbox();
        }
        if (outbox.resize(with.outboxSize()) > 0) {
            LOG.warn("outbox of channel {} shrank to {} notifications; the oldest lowest-severity ones were dropped",
                    r.config().name(), with.outboxSize());
        }
        return delivery(r.channel(), outbox, r.config(), with);
    }

    private ChannelDelivery delivery(SignalChannel channel, NotificationOutbox outbox, ChannelConfig config,
                                     EscalationConfig with) {
        ChannelDelivery d = new ChannelDelivery(channel, outbox, severities(config), with.retryMin(), with.retryMax(),
                scheduler);
        d.onDelivered(this::delivered);
        return d;
    }

    /** An outbox shrank: while one is marked dropping, escalation looks whether it caught up. */
    private void delivered() {
        if (dropping) {
            pipeline.wake();
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

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed: {}", c instanceof ChannelDelivery d ? "channel " + d.name() : c, e.toString());
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
