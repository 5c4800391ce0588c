package io.watchtower.runtime.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchtower.runtime.json.JsonValues;
import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.state.AtomicFile;
import io.watchtower.runtime.state.OwnerOnly;
import io.watchtower.runtime.state.Quarantine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry of a single host, in the state dir: {@code towers.json} and {@code baselines.json}
 * (replaced atomically on change) and {@code signals.jsonl} (appended, forced to disk, rewritten
 * when pruned). Everything is also held in memory; a host's registry is small.
 *
 * <p>The signal history is bounded twice: by age ({@link #prune}, the registry's retention) and
 * by count: beyond {@code maxSignals} transitions (plus a tenth, so rewrites are rare) the oldest
 * are dropped, except those firing now. It is the queryable recent history, not a second journal.
 */
public final class LocalRegistry implements RegistryStore {

    private static final long HEARTBEAT_SAVE_INTERVAL_MS = 60_000;

    /** The most signal transitions kept unless configured otherwise. */
    public static final int DEFAULT_MAX_SIGNALS = 10_000;

    private final Path dir;
    private volatile int maxSignals;
    private final Map<String, TowerRecord> towers = new TreeMap<>();
    private final Map<String, BaselineRecord> baselines = new TreeMap<>();
    private final List<SignalRecord> signals = new ArrayList<>();
    private final Set<String> signalIds = new HashSet<>();
    private final Map<String, SignalRecord> latest = new HashMap<>();
    private AppendOnlyFile signalFile;
    private long heartbeatsSavedAt = Long.MIN_VALUE / 2;
    private boolean heartbeatsUnsaved;

    /**
     * Opens (creating if needed) the store.
     *
     * @param dir its directory
     * @throws IOException when it cannot be read or created
     */
    public LocalRegistry(Path dir) throws IOException {
        this(dir, new Quarantine(io.watchtower.spi.TowerClock.system()), DEFAULT_MAX_SIGNALS);
    }

    /**
     * Opens (creating if needed) the store; a corrupt file is quarantined and the store starts
     * without it (towers and baselines are published again by the running daemon).
     *
     * @param dir its directory
     * @param quarantine where a corrupt file goes
     * @param maxSignals the most signal transitions kept (the newest, and every one firing now)
     * @throws IOException when it cannot be read or created
     */
    public LocalRegistry(Path dir, Quarantine quarantine) throws IOException {
        this(dir, quarantine, DEFAULT_MAX_SIGNALS);
    }

    /**
     * Opens (creating if needed) the store, keeping at most {@code maxSignals} signal transitions.
     *
     * @param dir its directory
     * @param maxSignals the most signal transitions kept (the newest, and every one firing now)
     * @throws IOException when it cannot be read or created
     */
    public LocalRegistry(Path dir, int maxSignals) throws IOException {
        this(dir, new Quarantine(io.watchtower.spi.TowerClock.system()), maxSignals);
    }

    /**
     * Opens (creating if needed) the store; a corrupt file is quarantined and the store starts
     * without it.
     *
     * @param dir its directory
     * @param quarantine where a corrupt file goes
     * @param maxSignals the most signal transitions kept (the newest, and every one firing now)
     * @throws IOException when it cannot be read or created
     */
    public LocalRegistry(Path dir, Quarantine quarantine, int maxSignals) throws IOException {
        if (maxSignals < 1) {
            throw new IllegalArgumentException("the local registry must keep at least one signal, got " + maxSignals);
        }
        this.dir = dir;
        this.maxSignals = maxSignals;
        OwnerOnly.directories(dir);
        quarantine.read(dir.resolve("towers.json"), "a list of towers",
                f -> readList(f, TowerRecordJson::read))
                .ifPresent(list -> list.forEach(r -> towers.put(r.host() + "\u0000" + r.id(), r)));
        quarantine.read(dir.resolve("baselines.json"), "a list of baselines",
                f -> readList(f, BaselineRecordJson::read))
                .ifPresent(list -> list.forEach(r -> baselines.put(r.key(), r)));
        Path s = dir.resolve("signals.jsonl");
        if (Files.isDirectory(s)) {
            quarantine.move(s, -1, "a directory where the signal history belongs");
        }
        if (Files.exists(s)) {
            for (String line : Files.readAllLines(s, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        remember(SignalRecord.of(line));
                    } catch (IllegalArgumentException e) {
                        // a line torn by a crash: the journal cursor replays it
                    }
                }
            }
        }
        openSignalFile();
        if (signals.size() > maxSignals) {
            keepNewest();
        }
    }

    private void openSignalFile() throws IOException {
        signalFile = AppendOnlyFile.open(dir.resolve("signals.jsonl")); // a line torn by a crash is cut off
    }

    private boolean remember(SignalRecord r) {
        if (!signalIds.add(r.id())) {
            return false;
        }
        signals.add(r);
        latest.merge(r.seriesKey(), r, (old, now) -> now.atMs() >= old.atMs() ? now : old);
        return true;
    }

    @Override
    public synchronized void putTowers(String host, List<TowerRecord> list) {
        Set<String> keep = new HashSet<>();
        for (TowerRecord r : list) {
            String key = host + "\u0000" + r.id();
            keep.add(key);
            TowerRecord old = towers.get(key);
            long heartbeat = old == null ? r.heartbeatMs() : Math.max(old.heartbeatMs(), r.heartbeatMs());
            towers.put(key, new TowerRecord(host, r.id(), r.type(), r.component(), r.version(), r.configHash(),
                    r.startedMs(), heartbeat, r.heartbeatIntervalMs()));
        }
        Set<String> gone = new HashSet<>();
        towers.keySet().removeIf(k -> {
            boolean drop = k.startsWith(host + "\u0000") && !keep.contains(k);
            if (drop) {
                gone.add(k.substring(host.length() + 1));
            }
            return drop;
        });
        baselines.values().removeIf(b -> b.host().equals(host) && gone.contains(b.tower()));
        persist("towers.json", g -> TowerRecordJson.write(g, List.copyOf(towers.values())));
        persist("baselines.json", g -> BaselineRecordJson.write(g, List.copyOf(baselines.values())));
    }

    @Override
    public synchronized void heartbeat(String host, Collection<String> ids, long atMs, long intervalMs) {
        for (String id : ids) {
            towers.computeIfPresent(host + "\u0000" + id, (k, r) -> new TowerRecord(r.host(), r.id(), r.type(),
                    r.component(), r.version(), r.configHash(), r.startedMs(), Math.max(r.heartbeatMs(), atMs),
                    intervalMs));
        }
        // Heartbeats are answered from memory; the file only has to tell, after a crash, roughly
        // when the towers were last alive, so it is rewritten at most once a minute (and on close).
        heartbeatsUnsaved = true;
        if (atMs - heartbeatsSavedAt >= HEARTBEAT_SAVE_INTERVAL_MS) {
            persistTowers(atMs);
        }
    }

    private void persistTowers(long atMs) {
        persist("towers.json", g -> TowerRecordJson.write(g, List.copyOf(towers.values())));
        heartbeatsSavedAt = atMs;
        heartbeatsUnsaved = false;
    }

    @Override
    public synchronized void putBaselines(List<BaselineRecord> list) {
        boolean changed = false;
        for (BaselineRecord r : list) {
            BaselineRecord old = baselines.get(r.key());
            if (old == null || old.updatedMs() < r.updatedMs()) {
                baselines.put(r.key(), r.withRevisions(old == null ? 1 : old.revisions() + 1));
                changed = true;
            }
        }
        if (changed) {
            persist("baselines.json", g -> BaselineRecordJson.write(g, List.copyOf(baselines.values())));
        }
    }

    @Override
    public synchronized void putSignals(List<SignalRecord> list) {
        StringBuilder lines = new StringBuilder();
        for (SignalRecord r : list) {
            if (remember(r)) {
                lines.append(r.json()).append('\n');
            }
        }
        if (lines.length() == 0) {
            return;
        }
        try {
            signalFile.append(lines.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the local registry in " + dir, e);
        }
        if (signals.size() > maxSignals + maxSignals / 10) {
            keepNewest();
        }
    }

    /**
     * Keeps at most this many signal transitions from now on (a reload changed
     * {@code registry.local-signals}); beyond it the oldest are dropped at once.
     *
     * @param next the most signal transitions kept (the newest, and every one firing now)
     */
    synchronized void maxSignals(int next) {
        if (next < 1) {
            throw new IllegalArgumentException("the local registry must keep at least one signal, got " + next);
        }
        maxSignals = next;
        if (signals.size() > maxSignals) {
            keepNewest();
        }
    }

    /** Drops the oldest transitions beyond {@code maxSignals}, keeping those firing now. */
    private void keepNewest() {
        List<SignalRecord> byAge = new ArrayList<>(signals);
        byAge.sort(Comparator.comparingLong(SignalRecord::atMs));
        Set<String> drop = new HashSet<>();
        int excess = signals.size() - maxSignals;
        for (SignalRecord s : byAge) {
            if (drop.size() >= excess) {
                break;
            }
            if (!(s.state().equals("firing") && latest.get(s.seriesKey()) == s)) {
                drop.add(s.id());
            }
        }
        rewrite(signals.stream().filter(s -> !drop.contains(s.id())).toList());
    }

    @Override
    public synchronized List<TowerRecord> towers(String host) {
        return towers.values().stream().filter(t -> host == null || t.host().equals(host)).toList();
    }

    @Override
    public synchronized List<BaselineRecord> baselines(BaselineQuery query) {
        Map<String, BaselineRecord> current = new TreeMap<>();
        for (BaselineRecord b : baselines.values()) {
            if (query.matches(b)) {
                current.merge(b.host() + "\u0000" + b.series(), b, (x, y) -> y.updatedMs() > x.updatedMs() ? y : x);
            }
        }
        return List.copyOf(current.values());
    }

    @Override
    public synchronized List<BaselineRecord> seriesBaselines(String host, String series) {
        return baselines.values().stream().filter(b -> b.host().equals(host) && b.series().equals(series)).toList();
    }

    @Override
    public synchronized List<SignalRecord> signals(SignalQuery query) {
        List<SignalRecord> out = new ArrayList<>();
        for (SignalRecord s : signals) {
            if (query.matches(s) && (!"firing".equals(query.state())
                    || (s.state().equals("firing") && latest.get(s.seriesKey()) == s))) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingLong(SignalRecord::atMs).thenComparing(SignalRecord::host));
        return out.size() > query.limit() ? List.copyOf(out.subList(out.size() - query.limit(), out.size())) : out;
    }

    @Override
    public synchronized long prune(long beforeMs) {
        List<SignalRecord> kept = new ArrayList<>();
        for (SignalRecord s : signals) {
            boolean firingNow = s.state().equals("firing") && latest.get(s.seriesKey()) == s;
            if (s.atMs() >= beforeMs || firingNow) {
                kept.add(s);
            }
        }
        long removed = signals.size() - kept.size();
        if (removed == 0) {
            return 0;
        }
        rewrite(kept);
        return removed;
    }

    private void rewrite(List<SignalRecord> kept) {
        StringBuilder text = new StringBuilder();
        kept.forEach(s -> text.append(s.json()).append('\n'));
        try {
            signalFile.close();
            AtomicFile.write(dir.resolve("signals.jsonl"), text.toString().getBytes(StandardCharsets.UTF_8));
            openSignalFile();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prune the local registry in " + dir, e);
        }
        signals.clear();
        signals.addAll(kept);
        signalIds.clear();
        kept.forEach(s -> signalIds.add(s.id()));
        latest.values().removeIf(s -> !signalIds.contains(s.id()));
    }

    /** Writes one JSON document with Jackson's streaming generator. */
    private interface Document {
        void write(JsonGenerator g) throws IOException;
    }

    /** Reads the list at a parser's current token. */
    private interface ListReader<T> {
        List<T> read(JsonParser p) throws IOException;
    }

    private static <T> List<T> readList(Path file, ListReader<T> reader) throws IOException {
        try (JsonParser p = JsonValues.FACTORY.createParser(file.toFile())) {
            JsonValues.first(p);
            return reader.read(p);
        }
    }

    private void persist(String name, Document document) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (JsonGenerator g = JsonValues.FACTORY.createGenerator(bytes)) {
                document.write(g);
            }
            AtomicFile.write(dir.resolve(name), bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    @Override
    public synchronized void close() {
        if (heartbeatsUnsaved) {
            try {
                persist("towers.json", g -> TowerRecordJson.write(g, List.copyOf(towers.values())));
            } catch (UncheckedIOException e) {
                // the next start publishes fresh heartbeats anyway
            }
        }
        try {
            signalFile.close();
        } catch (IOException e) {
            // nothing to flush: every append was forced
        }
    }
}
