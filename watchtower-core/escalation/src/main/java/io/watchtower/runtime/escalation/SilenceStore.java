package io.watchtower.runtime.escalation;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.state.AtomicFile;
import io.watchtower.runtime.state.Quarantine;
import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Silences, kept in the state dir ({@code silences.json}, rewritten atomically) so they survive
 * restarts. Creating and expiring are audited. Silences ended long ago are pruned.
 */
public final class SilenceStore {

    /** The longest a silence may last. */
    public static final Duration MAX_DURATION = Duration.ofDays(30);
    /** The shortest a silence may last. */
    public static final Duration MIN_DURATION = Duration.ofMinutes(1);
    private static final Duration KEEP_EXPIRED = Duration.ofDays(7);

    private final Path file;
    private final TowerClock clock;
    private final Audit audit;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private volatile Runnable onChange = () -> { };

    /**
     * Opens the store, reading what is saved.
     *
     * @param file the silences file
     * @param clock the clock
     * @param audit where control actions are recorded
     */
    public SilenceStore(Path file, TowerClock clock, Audit audit) {
        this(file, clock, audit, new Quarantine(clock));
    }

    /**
     * Opens the store, reading what is saved; a corrupt file is quarantined and the store starts empty.
     *
     * @param file the silences file
     * @param clock the clock
     * @param audit where control actions are recorded
     * @param quarantine where a corrupt file goes
     */
    public SilenceStore(Path file, TowerClock clock, Audit audit, Quarantine quarantine) {
        this.file = file;
        this.clock = clock;
        this.audit = audit;
        try {
            quarantine.read(file, "a list of silences", SilenceJson::read)
                    .ifPresent(saved -> saved.forEach(s -> silences.put(s.id(), s)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read silences from " + file, e);
        }
    }

    /**
     * @param listener told after a silence was created or expired (escalation then looks at what
     *                 is due again)
     */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    /**
     * Creates a silence.
     *
     * @param matcher the matchers (author, comment and times are ignored)
     * @param duration how long it lasts, at most {@link #MAX_DURATION}
     * @param author who creates it
     * @param comment why
     * @return the created silence
     * @throws IllegalArgumentException naming what is wrong
     */
    public Silence create(Silence matcher, Duration duration, String author, String comment) {
        return create(matcher, duration, author, comment, author);
    }

    /**
     * Creates a silence on behalf of an authenticated caller.
     *
     * @param matcher the matchers (author, comment and times are ignored); each is stripped, a blank one
     *                counts as absent, and at least one must remain
     * @param duration how long it lasts, from {@link #MIN_DURATION} to {@link #MAX_DURATION}
     * @param author who creates it (a person)
     * @param comment why
     * @param who the authenticated caller, recorded in the audit log
     * @return the created silence
     * @throws IllegalArgumentException naming what is wrong
     */
    public synchronized Silence create(Silence matcher, Duration duration, String author, String comment,
                                       String who) {
        String component = blankToNull(matcher.component());
        String check = blankToNull(matcher.check());
        String tower = blankToNull(matcher.tower());
        String host = blankToNull(matcher.host());
        if (component == null && check == null && tower == null && host == null) {
            throw new IllegalArgumentException("a silence needs at least one of component, check,"
                    + " tower, host (an empty one counts as absent)");
        }
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("a silence needs an author");
        }
        if (duration == null || duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("a silence needs a duration between 1 minute and "
                    + MAX_DURATION.toDays() + " days");
        }
        Instant now = clock.now();
        Silence silence = new Silence(UUID.randomUUID().toString(), component, check, tower, host, author.strip(),
                comment == null ? "" : comment, now.toString(), now.plus(duration).toString(), null, null);
        silences.put(silence.id(), silence);
        save();
        audit.record(who, "silence.create", Map.of("silence", silence.id(), "matchers", silence.matchers(),
                "author", silence.author(), "expires_at", silence.expiresAt(), "comment", silence.comment()));
        onChange.run();
        return silence;
    }

    /**
     * Expires a silence now.
     *
     * @param id the silence id
     * @param author who expires it
     * @return the expired silence, or empty when there is no such active silence
     */
    public Optional<Silence> expire(String id, String author) {
        return expire(id, author, author);
    }

    /**
     * Expires a silence now, on behalf of an authenticated caller.
     *
     * @param id the silence id
     * @param author who expires it (a person)
     * @param who the authenticated caller, recorded in the audit log
     * @return the expired silence, or empty when there is no such active silence
     */
    public synchronized Optional<Silence> expire(String id, String author, String who) {
        if (author == null || author.isBlank()) {
            throw new IllegalArgumentException("expiring a silence needs an author");
        }
        Silence s = silences.get(id);
        if (s == null || !s.activeAt(clock.now())) {
            return Optional.empty();
        }
        Silence expired = new Silence(s.id(), s.component(), s.check(), s.tower(), s.host(), s.author(), s.comment(),
                s.createdAt(), s.expiresAt(), clock.now().toString(), author);
        silences.put(id, expired);
        save();
        audit.record(who, "silence.expire", Map.of("silence", id, "matchers", s.matchers(), "author", author));
        onChange.run();
        return Optional.of(expired);
    }

    /** @return the current instant of the store's clock, against which silences are active or expired */
    public Instant now() {
        return clock.now();
    }

    /**
     * @param includeEnded whether to include expired silences
     * @return silences, oldest first
     */
    public synchronized List<Silence> list(boolean includeEnded) {
        Instant now = clock.now();
        List<Silence> out = new ArrayList<>();
        for (Silence s : silences.values()) {
            if (includeEnded || s.activeAt(now)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @param signal a signal
     * @return the active silence that silences it, if any
     */
    public synchronized Optional<Silence> silencing(Signal signal) {
        Instant now = clock.now();
        for (Silence s : silences.values()) {
            if (s.activeAt(now) && s.matches(signal)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Forgets silences that ended more than a week ago. */
    public synchronized void prune() {
        Instant horizon = clock.now().minus(KEEP_EXPIRED);
        boolean removed = silences.values().removeIf(s -> Instant.parse(s.expiredAt() != null ? s.expiredAt()
                : s.expiresAt()).isBefore(horizon));
        if (removed) {
            save();
        }
    }

    private void save() {
        try {
            AtomicFile.write(file, SilenceJson.write(List.copyOf(silences.values())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save silences to " + file, e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
