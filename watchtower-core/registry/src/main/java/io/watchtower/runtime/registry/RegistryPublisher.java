package io.watchtower.runtime.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchtower.baseline.Verdict;
import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.series.SeriesView;
import io.watchtower.runtime.signal.FeedbackRecordJson;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.runtime.time.TimedLoop;
import io.watchtower.spi.TowerClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Publishes this daemon to the registry on its own thread, so probing never waits for it.
 *
 * <p>The local store is written directly. For the fleet registry, tower and baseline publications
 * are appended to a durable {@link PublicationOutbox} and signals are read from the journal by a cursor;
 * both are replayed in order whenever PostgreSQL is reachable, and every write is idempotent, so
 * an outage loses nothing and duplicates nothing. Heartbeats go straight to the fleet registry:
 * an old heartbeat replayed would say nothing true.
 */
final class RegistryPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryPublisher.class);
    private static final int BATCH = 200;

    private final String host;
    private final String version;
    private volatile RegistrySettings settings;
    /** New settings arrived: every timed publication falls due at once, then keeps their cadence. */
    private volatile boolean resettle;
    private final SignalJournal journal;
    private final LocalRegistry local;
    private final PostgresRegistry fleet;
    private final TowerClock clock;
    private final Supplier<List<SeriesView>> series;
    private final Function<Duration, Set<String>> alive;
    private final PublicationOutbox outbox;
    private final Cursor localSignals;
    private final Cursor fleetSignals;
    private final Map<String, String> published = new HashMap<>();
    private final Map<String, TowerRecord> towers = new HashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final TimedLoop loop;
    private volatile List<TowerRecord> pendingTowers;
    private volatile boolean running = true;
    private volatile boolean fleetUp;
    static final String NOT_CONTACTED = "not contacted yet";
    private volatile String fleetError = NOT_CONTACTED;
    private long nextHeartbeat;
    private long nextBaselines;
    /** Set by an answer to a page: the adjustment it made is published with the baselines at once. */
    private volatile boolean baselinesNow;
    private long nextPrune;
    private long nextFleetAttempt;

    RegistryPublisher(String host, String version, RegistrySettings settings, Path dir, SignalJournal journal,
                      LocalRegistry local, PostgresRegistry fleet, TowerClock clock, Scheduler scheduler,
                      Supplier<List<SeriesView>> series, Function<Duration, Set<String>> alive) throws IOException {
        this.host = host;
        this.version = version;
        this.settings = settings;
        this.journal = journal;
        this.local = local;
        this.fleet = fleet;
        this.clock = clock;
        this.series = series;
        this.alive = alive;
        this.outbox = new PublicationOutbox(dir);
        // a registry seen for the first time publishes every signal the journal keeps
        this.localSignals = new Cursor(dir.resolve("local-signals.cursor"), journal.start());
        this.fleetSignals = new Cursor(dir.resolve("fleet-signals.cursor"), journal.start());
        check(localSignals, "the local registry");
        journal.retainFor(localSignals::get);
        if (fleet != null) {
            check(fleetSignals, "the fleet registry");
            journal.retainFor(fleetSignals::get);
        }
        for (TowerRecord t : local.towers(host)) {
            towers.put(t.id(), t);
        }
        this.loop = new TimedLoop("registry publication", scheduler.lane("registry-publisher"), this::round);
        journal.onAppend(this::wake);
    }

    private void check(Cursor cursor, String reader) throws IOException {
        long valid = journal.validCursor(reader, cursor.get());
        if (valid != cursor.get()) {
            cursor.save(valid);
        }
    }

    void start() {
        wake();
    }

    /**
     * Applies settings a reload read (intervals, retention): a heartbeat, a baseline publication and
     * a prune fall due at once, then follow the new intervals.
     *
     * @param next the new settings
     */
    void settings(RegistrySettings next) {
        settings = next;
        resettle = true;
        wake();
    }

    /**
     * The towers this daemon runs now (their {@code startedMs} is kept for towers whose
     * configuration did not change).
     */
    void towers(List<TowerRecord> current) {
        this.pendingTowers = List.copyOf(current);
        wake();
    }

    /**
     * One round, run when the next publication falls due; journal appends and tower changes run
     * one at once.
     *
     * @return how long until the next publication is due
     */
    private Duration round() {
        long longest = Math.max(20, settings.heartbeatInterval().toMillis());
        try {
            long now = clock.now().toEpochMilli();
            step(now);
            return Duration.ofMillis(Math.max(20, Math.min(longest, nextDue() - now)));
        } catch (RuntimeException e) {
            errors.incrementAndGet();
            LOG.error("registry publication failed", e);
            return Duration.ofSeconds(1);
        }
    }

    /** @return when the next timed publication is due: heartbeat, baselines, pruning, fleet retry */
    private long nextDue() {
        long next = Math.min(nextHeartbeat, Math.min(nextBaselines, nextPrune));
        return fleet != null && !fleetUp ? Math.min(next, nextFleetAttempt) : next;
    }

    private void wake() {
        loop.wake();
    }

    /** One round: towers, baselines, signals, heartbeat, pruning. */
    void step(long now) {
        if (resettle) {
            resettle = false;
            nextHeartbeat = now;
            nextBaselines = now;
            nextPrune = now;
        }
        List<TowerRecord> current = pendingTowers;
        if (current != null) {
            pendingTowers = null;
            publishTowers(current, now);
        }
        if (now >= nextBaselines || baselinesNow) {
            baselinesNow = false;
            nextBaselines = now + settings.baselineInterval().toMillis();
            publishBaselines(now);
        }
        drainJournal(localSignals, local);
        if (fleet != null && now >= nextFleetAttempt) {
            try {
                drainOutbox();
                drainJournal(fleetSignals, fleet);
                if (now >= nextHeartbeat) {
                    fleet.heartbeat(host, alive.apply(settings.heartbeatInterval()), now, settings.heartbeatInterval().toMillis());
                }
                if (!fleetUp) {
                    LOG.info("fleet registry reachable; publications are up to date");
                }
                fleetUp = true;
                fleetError = null;
            } catch (RegistryUnavailableException e) {
                errors.incrementAndGet();
                if (fleetUp || fleetError == null || !fleetError.equals(e.getMessage())) {
                    LOG.warn("fleet registry unreachable ({}); publications wait in the state dir", e.getMessage());
                }
                fleetUp = false;
                fleetError = e.getMessage();
                nextFleetAttempt = now + Math.min(1000, settings.heartbeatInterval().toMillis());
            }
        }
        if (now >= nextHeartbeat) {
            nextHeartbeat = now + settings.heartbeatInterval().toMillis();
            local.heartbeat(host, alive.apply(settings.heartbeatInterval()), now, settings.heartbeatInterval().toMillis());
        }
        if (now >= nextPrune) {
            nextPrune = now + 3_600_000;
            long before = now - settings.retention().toMillis();
            long pruned = local.prune(before);
            if (fleet != null && fleetUp) {
                try {
                    pruned += fleet.prune(before);
                } catch (RegistryUnavailableException e) {
                    nextPrune = now;
                }
            }
            if (pruned > 0) {
                LOG.info("pruned {} signal transition(s) older than the retention of {}", pruned, settings.retention());
            }
        }
    }

    private void publishTowers(List<TowerRecord> current, long now) {
        List<TowerRecord> records = new ArrayList<>();
        Map<String, TowerRecord> next = new HashMap<>();
        for (TowerRecord t : current) {
            TowerRecord before = towers.get(t.id());
            long started = before != null && before.configHash().equals(t.configHash()) ? before.startedMs() : now;
            TowerRecord r = new TowerRecord(host, t.id(), t.type(), t.component(), version, t.configHash(), started,
                    now, settings.heartbeatInterval().toMillis());
            records.add(r);
            next.put(r.id(), r);
        }
        towers.clear();
        towers.putAll(next);
        local.putTowers(host, records);
        if (fleet != null) {
            outbox.append(entry("towers", g -> TowerRecordJson.write(g, records)));
        }
    }

    /**
     * Queues an answer to a page for the fleet registry, and publishes the baselines (with the adjustment
     * the answer made) at once rather than at the next baseline interval.
     */
    void feedback(io.watchtower.runtime.signal.FeedbackRecord record) {
        baselinesNow = true;
        if (fleet == null) {
            wake();
            return;
        }
        outbox.append(entry("feedback", g -> FeedbackRecordJson.write(g, record)));
        wake();
    }

    private void publishBaselines(long now) {
        List<BaselineRecord> changed = new ArrayList<>();
        for (SeriesView v : series.get()) {
            Verdict last = v.last();
            // a series restored from a snapshot has no verdict until observed, but may already be stale
            if ((last == null && !v.stale()) || !towers.containsKey(v.key().tower())) {
                continue;
            }
            String id = v.key().id();
            String bucket = last == null || last.seasonBucket() == null ? "global" : last.seasonBucket();
            // a change of state alone (a series gone stale has no new observation) is published too, and so is
            // a change of its feedback adjustments (an answer between two observations)
            String signature = v.samples() + "/" + v.confidence() + "/" + bucket + "/" + (last == null ? -1 : last.at())
                    + "/" + v.state() + "/" + v.flapping() + "/" + java.util.Objects.hashCode(v.adjustments());
            if (signature.equals(published.get(id))) {
                continue;
            }
            published.put(id, signature);
            changed.add(new BaselineRecord(host, id, v.key().tower(), v.key().target(), v.key().check(), v.component(),
                    v.unit(), bucket, last == null ? null : finite(last.expected()),
                    last == null ? null : finite(last.lower()), last == null ? null : finite(last.upper()),
                    last == null ? null : finite(last.value()), v.confidence().wireName(),
                    v.samples(), v.learnedSince() >= 0 ? v.learnedSince() : now, now, 1, v.state(), v.flapping(),
                    v.stale() ? v.staleSince() : null, v.adjustments() == null ? List.of() : v.adjustments()));
        }
        if (changed.isEmpty()) {
            return;
        }
        local.putBaselines(changed);
        if (fleet != null) {
            for (int i = 0; i < changed.size(); i += BATCH) {
                List<BaselineRecord> batch = changed.subList(i, Math.min(changed.size(), i + BATCH));
                outbox.append(entry("baselines", g -> BaselineRecordJson.write(g, batch)));
            }
        }
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private void drainOutbox() {
        drainOutbox(false);
    }

    private void drainOutbox(boolean force) {
        while (running || force) {
            List<PublicationOutbox.Entry> entries = outbox.pending(20);
            if (entries.isEmpty()) {
                return;
            }
            for (PublicationOutbox.Entry e : entries) {
                apply(e.json());
                try {
                    outbox.commit(e.next());
                } catch (IOException x) {
                    throw new UncheckedIOException("cannot save the registry outbox cursor", x);
                }
            }
        }
    }

    /** Writes the value of one outbox entry. */
    private interface EntryValue {
        void write(JsonGenerator g) throws IOException;
    }

    /** @return an outbox entry: {@code {"type": type, type: value}} on one line */
    private static String entry(String type, EntryValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonValues.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", type);
            g.writeFieldName(type);
            value.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private void apply(String json) {
        try (JsonParser p = JsonValues.FACTORY.createParser(json)) {
            OutboxEntry entry = OutboxEntry.read(p);
            switch (entry.type()) {
                case "towers":
                    fleet.putTowers(host, entry.towers());
                    break;
                case "baselines":
                    fleet.putBaselines(entry.baselines());
                    break;
                case "feedback":
                    PostgresFeedback.put(fleet, List.of(entry.feedback()));
                    break;
                default:
                    LOG.error("registry outbox entry of unknown type skipped: {}", json);
            }
        } catch (IOException e) {
            LOG.error("unreadable registry outbox entry skipped: {}", json);
        }
    }

    private void drainJournal(Cursor cursor, RegistryStore store) {
        drainJournal(cursor, store, false);
    }

    private void drainJournal(Cursor cursor, RegistryStore store, boolean force) {
        while (running || force) {
            List<SignalJournal.Entry> entries = journal.read(cursor.get(), BATCH);
            if (entries.isEmpty()) {
                return;
            }
            List<SignalRecord> records = new ArrayList<>();
            for (SignalJournal.Entry e : entries) {
                try {
                    records.add(SignalRecord.of(e.json()));
                } catch (IllegalArgumentException x) {
                    LOG.error("journal entry at offset {} is not a signal; not published", e.offset());
                }
            }
            store.putSignals(records);
            try {
                cursor.save(entries.get(entries.size() - 1).next());
            } catch (IOException x) {
                throw new UncheckedIOException("cannot save a registry cursor", x);
            }
        }
    }

    /** On close: what was queued since the last round goes out now, if the registries take it. */
    private void flush() {
        try {
            drainJournal(localSignals, local, true);
            if (fleet != null && fleetUp) {
                drainOutbox(true);
                drainJournal(fleetSignals, fleet, true);
            }
        } catch (RuntimeException e) {
            LOG.info("publications left for the next start: {}", e.getMessage());
        }
    }

    boolean fleetUp() {
        return fleetUp;
    }

    String fleetError() {
        return fleetError;
    }

    long errors() {
        return errors.get();
    }

    /** @return bytes of publications not yet in the fleet registry (outbox and journal) */
    long backlogBytes() {
        if (fleet == null) {
            return 0;
        }
        return outbox.backlogBytes() + Math.max(0, journal.size() - fleetSignals.get());
    }

    @Override
    public void close() {
        running = false;
        try {
            loop.close(Duration.ofSeconds(3));
            flush();
            outbox.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing the registry outbox failed: {}", e.toString());
        }
    }
}
