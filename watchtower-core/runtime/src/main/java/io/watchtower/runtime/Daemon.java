package io.watchtower.runtime;

import io.watchtower.runtime.api.ApiSettings;
import io.watchtower.runtime.api.ControlAuditLog;
import io.watchtower.runtime.api.DaemonExposure;
import io.watchtower.runtime.api.EngineView;
import io.watchtower.runtime.api.JudgedProbes;
import io.watchtower.runtime.api.Scope;
import io.watchtower.runtime.channel.Alerting;
import io.watchtower.runtime.channel.ChannelDelivery;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;
import io.watchtower.runtime.config.TowerConfig;
import io.watchtower.runtime.escalation.SilenceRoutes;
import io.watchtower.runtime.http.ApiListener;
import io.watchtower.runtime.http.ApiServer;
import io.watchtower.runtime.feedback.FeedbackRoutes;
import io.watchtower.runtime.journal.FeedbackLog;
import io.watchtower.runtime.journal.JournalAppender;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.probe.ProbeScheduler;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.probe.TowerAssembly;
import io.watchtower.runtime.probe.TowerInstance;
import io.watchtower.runtime.registry.Registry;
import io.watchtower.runtime.registry.RegistrySettings;
import io.watchtower.runtime.series.SeriesTracker;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.state.OwnerOnly;
import io.watchtower.runtime.state.Quarantine;
import io.watchtower.runtime.state.SnapshotStore;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.runtime.time.TimedLoop;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running daemon: towers probed on schedule, series judged, signals journaled and delivered to
 * channels, baselines snapshotted, and the HTTP listener up. Start with {@link #start}, apply a
 * new configuration with {@link #reload}, stop with {@link #close}. This is where the parts are
 * wired: the engine (towers, series, journal), then the registry and the channels that read the
 * journal, then the API that reads them all; each part is built whole from the settings and the
 * parts below it.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    /** How often signals held while the journal cannot be written are retried. */
    private static final Duration JOURNAL_RETRY = Duration.ofSeconds(1);

    private final TowerCatalog catalog;
    private final TowerClock clock;
    private final Scheduler time;
    private final Map<String, String> environment;
    private final SignalJournal journal;
    private final JournalAppender appender;
    private final SnapshotStore snapshots;
    private final SeriesTracker tracker;
    private final ProbeScheduler scheduler;
    private final Judgement judgement;
    private final ScheduledExecutorService housekeeping;
    private final TimedLoop journalRetry;
    private final Map<String, TowerInstance> towers = new LinkedHashMap<>();
    private final Alerting alerting;
    /** The HTTP server; replaced when a reload moves {@code api.listen}. */
    private volatile ApiServer api;
    private final DaemonExposure exposure;
    private final EngineView engine;
    private final Quarantine quarantine;
    private final FeedbackLog feedback;
    private volatile DaemonConfig config;
    private volatile DaemonSettings settings;
    private volatile boolean closed;

    /** The parts a running daemon holds, each built whole before the daemon. */
    private record Parts(SignalJournal journal, JournalAppender appender, SnapshotStore snapshots,
                         SeriesTracker tracker, Judgement judgement, ProbeScheduler scheduler,
                         ScheduledExecutorService housekeeping, TimedLoop journalRetry, EngineView engine,
                         DaemonExposure exposure, ApiServer api, Alerting alerting, Quarantine quarantine,
                         FeedbackLog feedback) {
    }

    private Daemon(DaemonSettings settings, TowerCatalog catalog, TowerClock clock, Scheduler time,
                   Map<String, String> environment, Parts parts) {
        this.settings = settings;
        this.config = settings.config();
        this.catalog = catalog;
        this.clock = clock;
        this.time = time;
        this.environment = environment;
        this.journal = parts.journal();
        this.appender = parts.appender();
        this.snapshots = parts.snapshots();
        this.tracker = parts.tracker();
        this.judgement = parts.judgement();
        this.scheduler = parts.scheduler();
        this.housekeeping = parts.housekeeping();
        this.journalRetry = parts.journalRetry();
        this.engine = parts.engine();
        this.exposure = parts.exposure();
        this.api = parts.api();
        this.alerting = parts.alerting();
        this.quarantine = parts.quarantine();
        this.feedback = parts.feedback();
    }

    /**
     * Builds every part in flow order, each handed whole to the next through its constructor: the
     * journal, snapshots and series (the engine), what the read side keeps of judged probes, the
     * judgement and the probe scheduler feeding it, the registry and audit log, the API's socket
     * (bound, so its address is known, but accepting nothing yet), the channels that link to it, the
     * read side with every route (the silences' and feedback's too), and last the listener serving
     * them. Nothing here sees an unfinished part, and no request is answered before every route is in
     * place.
     */
    private static Parts assemble(DaemonSettings settings, TowerClock clock, Scheduler time) throws IOException,
            InterruptedException {
        DaemonConfig config = settings.config();
        String version = WatchtowerVersion.get();
        Path stateDir = config.stateDir();
        OwnerOnly.directories(stateDir);
        Quarantine quarantine = new Quarantine(clock);
        Path journalFile = stateDir.resolve("journal").resolve("signals.jsonl");
        if (Files.isDirectory(journalFile)) {
            quarantine.move(journalFile, -1, "a directory where the signal journal belongs");
        }
        OwnerOnly.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close(); // 0600 before it opens
        SignalJournal journal = new SignalJournal(journalFile, config.journal().maxSize(), config.journal().segmentsKept());
        if (journal.repairedBytes() > 0) {
            LOG.warn("signal journal ended in a torn line ({} bytes) from an earlier crash; it was cut off",
                    journal.repairedBytes());
        }
        JournalAppender appender = new JournalAppender(journal);
        Path snapshotFile = stateDir.resolve("baselines.snap");
        if (Files.isDirectory(snapshotFile)) {
            quarantine.move(snapshotFile, -1, "a directory where the baseline snapshots belong");
        }
        SnapshotStore snapshots = new SnapshotStore(snapshotFile);
        SeriesTracker tracker = new SeriesTracker(new SignalComposer(config.host(), version), config.baseline(),
                appender);
        tracker.restore(snapshots.read());
        FeedbackLog feedback = FeedbackLog.open(stateDir.resolve("feedback").resolve("feedback.jsonl"));
        // answers recorded after the snapshot was written (a crash between the two) are applied again;
        // those the snapshot already reflects are not
        int inForce = tracker.recover(feedback.records(), clock.now().toEpochMilli());
        if (inForce > 0) {
            LOG.info("feedback record {}: {} answer(s) in force; each series applies those its snapshot lacks",
                    feedback.file(), inForce);
        }
        for (SignalJournal.Entry line : journal.notSignalsAtOpen()) {
            quarantine.copyLine(journal.file(), line.offset(), line.json(), "a line that is not a signal; "
                    + "it stays in the journal, skipped by every reader");
        }
        tracker.reconcile(journal.firingState());
        JudgedProbes judged = new JudgedProbes(tracker);
        Judgement judgement = new Judgement(tracker, judged, time.lane("series-pipeline"));
        ProbeScheduler scheduler = new ProbeScheduler(judgement, clock, time);
        ScheduledExecutorService housekeeping = time.lane("housekeeping");
        long every = config.snapshotInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(() -> snapshotQuietly(snapshots, tracker), every, every,
                TimeUnit.MILLISECONDS);
        // held signals are retried every second while there are any; otherwise nothing wakes for them
        // (on the housekeeping lane, which the loop shuts down when it closes)
        TimedLoop journalRetry = new TimedLoop("journal retry", housekeeping,
                () -> appender.retry() ? null : JOURNAL_RETRY);
        appender.onHolding(journalRetry::wake);
        EngineView engine = new EngineView(config, tracker, scheduler, journal, appender);

        RegistrySettings registrySettings = settings.registry();
        Registry registry = Registry.open(config.host(), version, registrySettings, stateDir, journal, appender,
                clock, time, tracker::views, heartbeat -> alive(scheduler, heartbeat), quarantine);
        ApiSettings apiSettings = settings.api();
        ControlAuditLog audit = new ControlAuditLog(apiSettings.auditLog(), clock);
        LOG.info("registry: {}; API tokens: {}", registrySettings.postgres().map(p -> "fleet " + p.redactedUrl()
                + " (local store too)").orElse("local store in the state dir"), apiSettings.tokens().size());
        DaemonExposure.warnWhenOpen(config, apiSettings);
        // the listener's address comes first (notifications link to its status page); it accepts once
        // every route below is in place
        ApiListener listener = bind(config, "");
        try {
            Alerting alerting = Alerting.start(config, journal, appender, clock, time, RegistryFleetView.of(registry),
                    version, statusUrl(config, listener.address()), audit::record, quarantine);
            DaemonExposure exposure = new DaemonExposure(engine, registry, apiSettings, audit, version, clock, judged,
                    () -> backlog(alerting));
            SilenceRoutes silences = new SilenceRoutes(alerting.silences());
            exposure.routes().route("GET", SilenceRoutes.PREFIX, Scope.READ, silences::list);
            exposure.routes().route("POST", SilenceRoutes.PREFIX, Scope.ADMIN, silences::create);
            exposure.routes().route("DELETE", SilenceRoutes.PREFIX + "/{id}", Scope.ADMIN, silences::expire);
            FeedbackRoutes answers = new FeedbackRoutes(config.host(), tracker, journal, feedback, audit, registry,
                    clock, () -> snapshotQuietly(snapshots, tracker));
            exposure.routes().route("POST", FeedbackRoutes.ANSWER, Scope.ADMIN, answers::answer);
            exposure.routes().route("GET", FeedbackRoutes.PATH, Scope.READ, answers::list);
            exposure.routes().route("GET", FeedbackRoutes.CHECKS, Scope.READ, answers::checks);
            ApiServer api = listener.serve(exposure.routes());
            return new Parts(journal, appender, snapshots, tracker, judgement, scheduler, housekeeping, journalRetry,
                    engine, exposure, api, alerting, quarantine, feedback);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    private static Map<String, Long> backlog(Alerting alerting) {
        Map<String, Long> backlog = new LinkedHashMap<>();
        alerting.deliveries().forEach(d -> backlog.put(d.name(), d.backlog()));
        return backlog;
    }

    /**
     * Towers heartbeat only while the scheduler answers: a daemon that stopped probing is a blind
     * spot. Each heartbeat asks; a stuck scheduler leaves the question of one heartbeat unanswered
     * at the next two, and the heartbeats stop there.
     */
    private static Set<String> alive(ProbeScheduler scheduler, Duration heartbeatInterval) {
        long unanswered = scheduler.unansweredFor().toMillis();
        return unanswered < 2 * heartbeatInterval.toMillis() ? scheduler.scheduled() : Set.of();
    }

    /**
     * Starts a daemon on real threads. Every tower is created (and its settings validated) before
     * anything runs.
     *
     * @param config a validated configuration
     * @param catalog installed tower types
     * @param clock the clock
     * @param environment environment variables, for secrets
     * @return the running daemon
     * @throws IOException when the state dir cannot be used
     * @throws InterruptedException when interrupted while binding the listener
     * @throws InvalidConfigException when a tower's settings are invalid or {@code api.listen} cannot be bound
     */
    public static Daemon start(DaemonConfig config, TowerCatalog catalog, TowerClock clock,
                               Map<String, String> environment) throws IOException, InterruptedException {
        return start(config, catalog, clock, Scheduler.system(), environment);
    }

    /**
     * Starts a daemon whose timed work (probes, judgement, escalation, delivery and its retries,
     * registry publication and heartbeats, snapshots) runs on {@code time}: real threads, or a
     * {@link io.watchtower.runtime.time.VirtualScheduler} paired with {@code clock}, so a test
     * drives the whole daemon through virtual time. The HTTP listener stays real.
     *
     * @param config a validated configuration
     * @param catalog installed tower types
     * @param clock the clock, moved by {@code time} when it is virtual
     * @param time where timed work runs
     * @param environment environment variables, for secrets
     * @return the running daemon
     * @throws IOException when the state dir cannot be used
     * @throws InterruptedException when interrupted while binding the listener
     * @throws InvalidConfigException when a tower's settings are invalid or {@code api.listen} cannot be bound
     */
    public static Daemon start(DaemonConfig config, TowerCatalog catalog, TowerClock clock, Scheduler time,
                               Map<String, String> environment) throws IOException, InterruptedException {
        return start(DaemonSettings.of(config), catalog, clock, time, environment);
    }

    /**
     * Starts a daemon on real threads from settings already read (by {@link StartupCheck#check}).
     *
     * @param settings the configuration's typed settings
     * @param catalog installed tower types
     * @param clock the clock
     * @param environment environment variables, for secrets
     * @return the running daemon
     * @throws IOException when the state dir cannot be used
     * @throws InterruptedException when interrupted while binding the listener
     * @throws InvalidConfigException when a tower's settings are invalid or {@code api.listen} cannot be bound
     */
    public static Daemon start(DaemonSettings settings, TowerCatalog catalog, TowerClock clock,
                               Map<String, String> environment) throws IOException, InterruptedException {
        return start(settings, catalog, clock, Scheduler.system(), environment);
    }

    /**
     * Starts a daemon from settings already read, its timed work on {@code time}.
     *
     * @param settings the configuration's typed settings
     * @param catalog installed tower types
     * @param clock the clock, moved by {@code time} when it is virtual
     * @param time where timed work runs
     * @param environment environment variables, for secrets
     * @return the running daemon
     * @throws IOException when the state dir cannot be used
     * @throws InterruptedException when interrupted while binding the listener
     * @throws InvalidConfigException when a tower's settings are invalid or {@code api.listen} cannot be bound
     */
    public static Daemon start(DaemonSettings settings, TowerCatalog catalog, TowerClock clock, Scheduler time,
                               Map<String, String> environment) throws IOException, InterruptedException {
        DaemonConfig config = settings.config();
        TowerAssembly assembly = new TowerAssembly(catalog, config.host(), clock, environment);
        return start(settings, assembly.createAll(config.towers().values()), catalog, clock, time, environment);
    }

    /**
     * Starts a daemon on real threads from what {@link StartupCheck#prepare} checked and created:
     * its towers are the very ones the check created (with the same clock), not created again.
     *
     * @param prepared the checked settings and their towers, without problems
     * @param catalog installed tower types (for reloads)
     * @param clock the clock the towers were created with
     * @param environment environment variables, for secrets
     * @return the running daemon; when it cannot start, the towers are closed
     * @throws IOException when the state dir cannot be used
     * @throws InterruptedException when interrupted while binding the listener
     * @throws InvalidConfigException when {@code api.listen} cannot be bound
     */
    public static Daemon start(StartupCheck.Prepared prepared, TowerCatalog catalog, TowerClock clock,
                               Map<String, String> environment) throws IOException, InterruptedException {
        if (!prepared.problems().isEmpty()) {
            throw new InvalidConfigException(prepared.problems());
        }
        return start(prepared.settings(), prepared.towers(), catalog, clock, Scheduler.system(), environment);
    }

    private static Daemon start(DaemonSettings settings, Map<String, TowerInstance> created, TowerCatalog catalog,
                                TowerClock clock, Scheduler time, Map<String, String> environment)
            throws IOException, InterruptedException {
        DaemonConfig config = settings.config();
        Daemon daemon;
        try {
            daemon = new Daemon(settings, catalog, clock, time, environment, assemble(settings, clock, time));
        } catch (IOException | InterruptedException | RuntimeException e) {
            TowerAssembly.closeAll(created.values());
            throw e;
        }
        created.values().forEach(daemon::startTower);
        daemon.exposure.towers(config);
        SignalComposer composer = new SignalComposer(config.host(), WatchtowerVersion.get());
        for (Quarantine.Moved moved : daemon.quarantine.moved()) {
            daemon.appender.accept(composer.stateQuarantined(moved.file(), moved.movedTo(), moved.offset(),
                    moved.reason(), moved.describe(), clock.now()));
        }
        LOG.info("watchtower {} started on {} with {} tower(s), state in {}, API on {}", WatchtowerVersion.get(),
                config.host(), config.towers().size(), config.stateDir(), daemon.api.address());
        return daemon;
    }

    private void startTower(TowerInstance instance) {
        tracker.register(instance.registration());
        towers.put(instance.id(), instance);
        long seed = (config.host() + "/" + instance.id()).hashCode();
        scheduler.start(new RunningTower(instance, clock, seed));
    }

    private static String statusUrl(DaemonConfig c, java.net.InetSocketAddress api) {
        return c.escalation().statusUrl().isEmpty()
                ? "http://" + c.listenHost() + ":" + api.getPort() + "/" : c.escalation().statusUrl();
    }

    /**
     * Applies a new configuration, all of it or nothing: added, removed and changed towers,
     * baseline settings, escalation settings, topology ({@code depends-on}), channels, the API's
     * tokens, rate limit and audit log, its listen address, and the registry's intervals, retention
     * and {@code local-signals} take effect; series whose settings did not change keep their
     * baselines, channels whose settings did not change keep delivering undisturbed. Every tower and every new channel (its outbox opened), a moved listener (bound)
     * and a moved audit log (opened) is made before anything changes; if one cannot be, nothing
     * changes. A change of {@code state-dir}, {@code host} or the fleet registry's connection
     * ({@code registry.postgres}) needs a restart: such a reload is refused whole, naming each key.
     *
     * @param next the new configuration
     * @throws InvalidConfigException when it is invalid, needs a restart, or a tower, channel,
     *                                listener or audit log cannot start; the daemon keeps running
     *                                the old one, its channels delivering
     */
    public void reload(DaemonConfig next) {
        reload(DaemonSettings.of(next));
    }

    /**
     * {@link #reload(DaemonConfig)} from settings already read.
     *
     * @param nextSettings the new configuration's typed settings
     * @throws InvalidConfigException as {@link #reload(DaemonConfig)}
     */
    public synchronized void reload(DaemonSettings nextSettings) {
        DaemonConfig next = nextSettings.config();
        List<ConfigProblem> restart = RestartRequired.changes(settings, nextSettings);
        if (!restart.isEmpty()) {
            throw new InvalidConfigException(restart);
        }
        TowerAssembly assembly = new TowerAssembly(catalog, next.host(), clock, environment);
        // only added and changed towers are created; an unchanged block was validated when it started
        List<TowerConfig> wanted = new ArrayList<>();
        for (TowerConfig tower : next.towers().values()) {
            TowerInstance running = towers.get(tower.id());
            if (running == null || !running.fingerprint().equals(tower.fingerprint())) {
                wanted.add(tower);
            }
        }
        Map<String, TowerInstance> created = assembly.createAll(wanted);
        List<AutoCloseable> prepared = new ArrayList<>();
        created.values().forEach(t -> prepared.add(t.tower()));
        ApiListener listener = null;
        ControlAuditLog.Move auditMove = null;
        Alerting.Change alertingChange;
        try {
            if (!next.listenHost().equals(config.listenHost()) || next.listenPort() != config.listenPort()) {
                listener = bind(next, "; the listener stays where it is and nothing was reloaded (an address"
                        + " that overlaps the one in use, the same port on another interface, needs a restart)");
                prepared.add(listener);
            }
            Path auditLog = nextSettings.api().auditLog();
            if (!auditLog.equals(settings.api().auditLog())) {
                auditMove = moveAudit(next, auditLog);
                prepared.add(auditMove);
            }
            alertingChange = alerting.prepare(next, statusUrl(next, listener != null ? listener.address()
                    : api.address()));
        } catch (RuntimeException e) {
            prepared.forEach(Daemon::closeQuietly);
            throw e;
        }
        snapshotQuietly();
        tracker.globalSettings(next.baseline());
        int removed = 0;
        int changed = 0;
        for (String id : List.copyOf(towers.keySet())) {
            if (!next.towers().containsKey(id)) {
                scheduler.stop(id);
                tracker.unregister(id);
                towers.remove(id);
                removed++;
            } else if (created.containsKey(id)) {
                scheduler.stop(id);
                towers.remove(id);
                changed++;
            }
        }
        int added = created.size() - changed;
        created.values().forEach(this::startTower);
        alertingChange.apply();
        exposure.registry().reconfigure(nextSettings.registry());
        exposure.access(nextSettings.api());
        if (auditMove != null) {
            auditMove.apply();
            LOG.info("control actions are now recorded in {}", nextSettings.api().auditLog());
        }
        if (listener != null) {
            ApiServer old = api;
            java.net.InetSocketAddress was = old.address();
            api = listener.serve(exposure.routes());
            old.close();
            LOG.info("API now listens on {} (was {})", api.address(), was);
        }
        DaemonExposure.warnWhenOpen(next, nextSettings.api());
        exposure.towers(next);
        this.config = next;
        this.settings = nextSettings;
        LOG.info("configuration reloaded: {} tower(s) added, {} removed, {} changed; {} channel(s); {} API token(s)",
                added, removed, changed, next.channels().size(), nextSettings.api().tokens().size());
    }

    /** Binds {@code api.listen}; an address that cannot be bound is a problem of that key. */
    private static ApiListener bind(DaemonConfig config, String consequence) {
        try {
            return ApiListener.bind(config.listenHost(), config.listenPort());
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(origin(config, "api.listen"),
                    "watchtower.api.listen", e.getMessage() + consequence)));
        }
    }

    private ControlAuditLog.Move moveAudit(DaemonConfig next, Path file) {
        try {
            return exposure.audit().moveTo(file);
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(origin(next, "api.audit-log"),
                    "watchtower.api.audit-log", "cannot open " + file + ": " + ConfigProblem.reason(e)
                    + "; nothing was reloaded")));
        }
    }

    private static String origin(DaemonConfig config, String key) {
        return config.settings().hasPath(key) ? ConfigProblem.describe(config.settings().getValue(key).origin())
                : ConfigProblem.describe(config.settings().origin());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} after a failed reload failed: {}", c, e.toString());
        }
    }

    private void snapshotQuietly() {
        snapshotQuietly(snapshots, tracker);
    }

    private static void snapshotQuietly(SnapshotStore snapshots, SeriesTracker tracker) {
        try {
            snapshots.write(tracker.snapshot());
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot write baseline snapshot to {}: {}", snapshots.file(), e.toString());
        }
    }

    /** @return the configuration in force */
    public DaemonConfig config() {
        return config;
    }

    /** @return the series tracker, for the API */
    public SeriesTracker tracker() {
        return tracker;
    }

    /** @return the probe scheduler */
    public ProbeScheduler scheduler() {
        return scheduler;
    }

    /** @return the signal journal */
    public SignalJournal journal() {
        return journal;
    }

    /** @return where signals are written: the journal, in order, holding them while it cannot be written */
    public JournalAppender appender() {
        return appender;
    }

    /** @return channel deliveries, in configuration order */
    public List<ChannelDelivery> deliveries() {
        return alerting.deliveries();
    }

    /** @return escalation, silences and channels */
    public Alerting alerting() {
        return alerting;
    }

    /** @return the registry, metrics, audit log and HTTP routes */
    public DaemonExposure exposure() {
        return exposure;
    }

    /** @return the bound API address */
    public java.net.InetSocketAddress apiAddress() {
        return api.address();
    }

    /**
     * @return whether every configured tower is scheduled, the scheduler answers, the state dir is
     *     writable and has room, and every signal is written to the journal (none held)
     */
    public boolean ready() {
        return !closed && engine.ready();
    }

    /** @return bytes a write to the state dir can use now, or -1 when that cannot be told */
    public long stateDirFreeBytes() {
        return engine.stateDirFreeBytes();
    }

    /** Stops probing, waits for judgement and delivery (bounded), snapshots, and releases everything. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        engine.stopped();
        LOG.info("stopping");
        scheduler.close();
        long timeout = config.shutdownTimeout().toMillis();
        try {
            judgement.close(timeout);
            alerting.drain(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        snapshotQuietly();
        housekeeping.shutdownNow();
        try {
            journalRetry.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            alerting.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
        exposure.close();
        if (!appender.retry()) {
            LOG.error("{} signal(s) could not be written to the journal before stopping and are lost", appender.held());
        }
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("closing the journal failed: {}", e.toString());
        }
        try {
            feedback.close();
        } catch (IOException e) {
            LOG.warn("closing the feedback record failed: {}", e.toString());
        }
        LOG.info("stopped");
    }
}
