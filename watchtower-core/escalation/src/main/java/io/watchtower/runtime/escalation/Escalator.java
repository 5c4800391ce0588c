package io.watchtower.runtime.escalation;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.Severity;
import io.watchtower.spi.TowerClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides which signals page whom, when, and with what context.
 *
 * <ul>
 *   <li><b>Dedup:</b> a signal id seen before is ignored; a firing for a fingerprint already
 *       firing only refreshes its evidence.</li>
 *   <li><b>Grouping:</b> the firings of one component collected during {@code group-wait} make
 *       one notification; the lead is the most severe, the others ride along in its group.</li>
 *   <li><b>Repeat / escalation:</b> a group still firing after {@code repeat-interval} is notified
 *       again; a group whose severity rises (strong score, long firing) is notified at once.</li>
 *   <li><b>Resolved:</b> a resolution is notified only if its firing was. A stale signal (the
 *       series stopped receiving observations) ends a firing the same way and is notified as such.</li>
 *   <li><b>Flapping:</b> a firing whose series flaps is paged once, as flapping, then held: its
 *       resolutions and new firings are not paged. It stays in the group until it has stayed
 *       resolved for {@value #SETTLE_PERIODS} of its flap periods (at least {@code group-wait} and
 *       a minute), then one resolution says it settled; while it flaps, the repeat interval
 *       re-pages it as still flapping, with its severity held at what was paged.</li>
 *   <li><b>Silences:</b> silenced firings are not notified; when the silence ends and they still
 *       fire, they are.</li>
 *   <li><b>Topology:</b> while a dependency of a component fires, the component's firings are
 *       suppressed by it and listed in the dependency's notifications instead.</li>
 * </ul>
 *
 * Time comes only from the injected clock. Durations (group-wait, repeat interval, how long a
 * signal has been firing) are measured on its monotonic reading, so a step of the wall clock (an
 * NTP correction, {@code date -s}) neither re-pages nor escalates anything; the wall clock only
 * says how old a signal already was when it arrived. Call {@link #tick()} when something falls due
 * ({@link #untilDue()} says when); {@link #accept} ticks too.
 */
public final class Escalator {

    private static final int SEEN_IDS = 20_000;

    /** A held flapping series has settled once it stayed resolved this many of its flap periods. */
    public static final int SETTLE_PERIODS = 3;
    private static final long SETTLE_MINIMUM_MILLIS = 60_000;

    private EscalationSettings settings;
    private final TowerClock clock;
    private final SilenceStore silences;
    private Topology topology;
    private final FleetView fleet;
    private final Consumer<Notification> sink;
    private SeverityPolicy policy;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final long anchorMillis;
    private final long anchorNanos;
    private long revision;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    /**
     * @param settings grouping, repeat and severity settings
     * @param clock the clock
     * @param silences active silences
     * @param topology component dependencies
     * @param fleet the fleet view ({@link FleetView#SINGLE_HOST} without a registry)
     * @param sink receives every notification, in order
     */
    public Escalator(EscalationSettings settings, TowerClock clock, SilenceStore silences, Topology topology,
                     FleetView fleet, Consumer<Notification> sink) {
        this.settings = settings;
        this.clock = clock;
        this.silences = silences;
        this.topology = topology;
        this.fleet = fleet;
        this.sink = sink;
        this.policy = new SeverityPolicy(settings);
        this.anchorNanos = clock.nanoTime();
        this.anchorMillis = clock.now().toEpochMilli();
    }

    /**
     * Applies new settings and topology (on reload). Open groups are kept; what is due is judged by
     * the new settings from the next {@link #tick()} on.
     *
     * @param settings grouping, repeat and severity settings
     * @param topology component dependencies
     */
    public synchronized void reconfigure(EscalationSettings settings, Topology topology) {
        this.settings = settings;
        this.topology = topology;
        this.policy = new SeverityPolicy(settings);
    }

    /**
     * Takes one journaled signal.
     *
     * @param signal the signal
     */
    public synchronized void accept(Signal signal) {
        revision++;
        if (!seen.add(signal.id())) {
            return;
        }
        if (seen.size() > SEEN_IDS) {
            seen.remove(seen.iterator().next());
        }
        long now = now();
        Group g = groups.computeIfAbsent(signal.component(), Group::new);
        if (signal.firing()) {
            Tracked t = g.firing.get(signal.fingerprint());
            if (t != null) {
                // a firing already tracked refreshes its evidence; a held flapping one flips back
                t.signal = signal;
                t.quiet = null;
                t.quietSince = -1;
                return;
            }
            g.firing.put(signal.fingerprint(), new Tracked(signal, firedBefore(signal), now));
            g.pending(now);
        } else {
            Tracked held = g.firing.get(signal.fingerprint());
            if (held != null && held.signal.flapping() && !signal.wentStale()) {
                // a flapping series resolving is held until it settles: no page for each flip
                held.quiet = signal;
                held.quietSince = now;
                tick();
                return;
            }
            Tracked t = g.firing.remove(signal.fingerprint());
            if (t != null && t.notifiedSeverity != null) {
                t.signal = signal;
                t.resolvedAt = now;
                g.resolved.add(t);
                g.pending(now);
            }
        }
        tick();
    }

    /** Emits what is due now: grouped firings, resolutions, escalations, repeats. */
    public synchronized void tick() {
        if (groups.isEmpty()) {
            return; // nothing open: nothing is due, nothing changes
        }
        revision++;
        long now = now();
        for (Group g : List.copyOf(groups.values())) {
            settle(g, now);
            List<Tracked> ready = new ArrayList<>();
            for (Tracked t : g.firing.values()) {
                if (t.notifiedSeverity == null && silence(t.signal).isEmpty() && suppressor(g.component) == null) {
                    ready.add(t);
                }
            }
            if (ready.isEmpty() && g.resolved.isEmpty()) {
                g.pendingSince = -1;
            } else {
                g.pending(now);
                if (now - g.pendingSince >= settings.groupWait().toMillis()) {
                    emit(g, ready, now);
                }
            }
            List<Tracked> paged = notifiedFiring(g);
            if (!paged.isEmpty() && g.pendingSince < 0) {
                Severity severity = null;
                for (Tracked t : paged) {
                    severity = SeverityPolicy.max(severity, severity(t, now));
                }
                if (g.notifiedSeverity != null && severity.ordinal() < g.notifiedSeverity.ordinal()) {
                    remind(g, paged, Notification.ESCALATED, severity, now);
                } else if (now - g.lastNotifiedAt >= settings.repeatInterval().toMillis()) {
                    remind(g, paged, Notification.REPEAT, severity, now);
                }
            }
            if (g.firing.isEmpty() && g.resolved.isEmpty()) {
                groups.remove(g.component);
            }
        }
    }

    /**
     * When {@link #tick()} next has something to do without a new signal: a group's group-wait
     * ending, a repeat, a severity raise by firing time, a silence ending, a held flapping member
     * settling.
     *
     * @return how long until then (zero when it is due now), or empty when nothing is open
     */
    public synchronized Optional<Duration> untilDue() {
        long now = now();
        long wallNow = clock.now().toEpochMilli();
        long due = Long.MAX_VALUE;
        for (Group g : groups.values()) {
            if (g.pendingSince >= 0) {
                due = Math.min(due, g.pendingSince + settings.groupWait().toMillis());
            } else {
                List<Tracked> paged = notifiedFiring(g);
                if (!paged.isEmpty() && g.lastNotifiedAt >= 0) {
                    due = Math.min(due, g.lastNotifiedAt + settings.repeatInterval().toMillis());
                }
                for (Tracked t : paged) {
                    long firing = t.firingFor(now);
                    if (firing < settings.raiseAfter().toMillis()) {
                        due = Math.min(due, now + settings.raiseAfter().toMillis() - firing);
                    }
                }
            }
            for (Tracked t : g.firing.values()) {
                if (t.quiet != null) {
                    due = Math.min(due, t.quietSince + settleAfter(t));
                }
                Optional<Silence> silence = silence(t.signal);
                if (silence.isPresent()) {
                    long ends = Instant.parse(silence.get().expiresAt()).toEpochMilli();
                    due = Math.min(due, now + Math.max(0, ends - wallNow));
                }
            }
        }
        return due == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, due - now)));
    }

    /** Ends the held flapping members of a group that stayed resolved long enough: they settled. */
    private void settle(Group g, long now) {
        for (Tracked t : List.copyOf(g.firing.values())) {
            if (t.quiet == null || now - t.quietSince < settleAfter(t)) {
                continue;
            }
            g.firing.remove(t.signal.fingerprint());
            if (t.notifiedSeverity != null) {
                t.signal = t.quiet;
                t.resolvedAt = t.quietSince;
                t.quiet = null;
                g.resolved.add(t);
                g.pending(now);
            }
        }
    }

    private long settleAfter(Tracked t) {
        Signal.Flap flap = t.signal.flap();
        long period = flap == null ? SETTLE_MINIMUM_MILLIS : flap.periodSeconds() * 1000L;
        return Math.max(Math.max(SETTLE_MINIMUM_MILLIS, settings.groupWait().toMillis()), SETTLE_PERIODS * period);
    }

    private List<Tracked> notifiedFiring(Group g) {
        List<Tracked> out = new ArrayList<>();
        for (Tracked t : g.firing.values()) {
            if (t.notifiedSeverity != null && silence(t.signal).isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private void emit(Group g, List<Tracked> ready, long now) {
        ready.sort(Comparator.comparingInt(t -> severity(t, now).ordinal()));
        Tracked lead = ready.isEmpty() ? g.resolved.get(0) : ready.get(0);
        boolean firing = !ready.isEmpty();
        Severity route = null;
        for (Tracked t : ready) {
            t.notifiedSeverity = severity(t, now);
            route = SeverityPolicy.max(route, t.notifiedSeverity);
        }
        if (firing) {
            for (Tracked t : notifiedFiring(g)) {
                route = SeverityPolicy.max(route, t.notifiedSeverity);
            }
        } else {
            route = g.notifiedSeverity;
            for (Tracked t : g.resolved) {
                route = SeverityPolicy.max(route, t.notifiedSeverity);
            }
        }
        List<Tracked> members = new ArrayList<>();
        members.add(lead);
        ready.stream().filter(t -> t != lead).forEach(members::add);
        g.resolved.stream().filter(t -> t != lead).forEach(members::add);
        notifiedFiring(g).stream().filter(t -> !members.contains(t)).forEach(members::add);
        Severity leadSeverity = lead.notifiedSeverity;
        send(g, lead, leadSeverity, firing ? Notification.FIRING : Notification.RESOLVED, lead.signal.id(), route,
                members, now);
        g.resolved.clear();
        g.pendingSince = -1;
        g.notifiedSeverity = g.firing.isEmpty() ? null : SeverityPolicy.max(g.notifiedSeverity, firing ? route : null);
    }

    private void remind(Group g, List<Tracked> paged, String reason, Severity severity, long now) {
        paged.sort(Comparator.comparingInt(t -> severity(t, now).ordinal()));
        Tracked lead = paged.get(0);
        String id = SignalComposer.id(lead.signal.fingerprint(), reason + "#" + g.sequence,
                Instant.parse(lead.signal.since()).toEpochMilli());
        send(g, lead, severity(lead, now), reason, id, severity, new ArrayList<>(paged), now);
        g.notifiedSeverity = SeverityPolicy.max(g.notifiedSeverity, severity);
    }

    private void send(Group g, Tracked lead, Severity leadSeverity, String reason, String id, Severity route,
                      List<Tracked> members, long now) {
        List<Member> group = new ArrayList<>();
        for (Tracked t : members) {
            Severity s = t.signal.firing() ? severity(t, now) : t.notifiedSeverity;
            group.add(Member.of(t.signal, s.wireName(), null));
        }
        List<Member> suppressing = new ArrayList<>();
        for (Group other : groups.values()) {
            if (other == g || !g.component.equals(suppressor(other.component))) {
                continue;
            }
            for (Tracked t : other.firing.values()) {
                suppressing.add(Member.of(t.signal, severity(t, now).wireName(), g.component));
            }
        }
        Signal s = lead.signal;
        long firingFor = lead.firingFor(now) / 1000;
        Notification.Escalation escalation = new Notification.Escalation(id, reason, s.severity().wireName(), route.wireName(),
                firingFor, group, suppressing, fleet(s));
        g.lastNotifiedAt = now;
        g.sequence++;
        sink.accept(new Notification(SignalComposer.withSeverity(s, leadSeverity), escalation));
    }

    /**
     * @return what the other hosts see of the lead's deviation, or null: on a single host, and for
     *     blind spots, which are about a tower (its probe failing, its heartbeat stopped), not about
     *     a component several hosts could see
     */
    private Notification.Fleet fleet(Signal s) {
        if (s.kind() == SignalKind.BLIND_SPOT) {
            return null;
        }
        Optional<FleetView.Picture> picture = fleet.picture(s.component(), s.check());
        if (picture.isEmpty() || picture.get().watching().size() < 2) {
            return null;
        }
        List<String> watching = picture.get().watching();
        List<String> firing = new ArrayList<>(picture.get().firing());
        if (s.firing() && !firing.contains(s.tower().host())) {
            firing.add(s.tower().host()); // this host's own signal may not be published yet
        }
        if (!s.firing()) {
            firing.remove(s.tower().host()); // this host's own resolution may not be published yet
        }
        String summary;
        if (!s.firing()) {
            summary = firing.isEmpty() ? "healthy again from all " + watching.size() + " hosts"
                    : "still firing from " + firing.size() + " of " + watching.size() + " hosts ("
                            + String.join(", ", firing) + ")";
        } else if (firing.size() >= watching.size()) {
            summary = "seen from " + watching.size() + " of " + watching.size() + " hosts";
        } else if (firing.size() == 1) {
            int healthy = watching.size() - 1;
            summary = "only from " + firing.get(0) + " (" + healthy + " other host" + (healthy == 1 ? "" : "s")
                    + " see" + (healthy == 1 ? "s" : "") + " it healthy) — suspect the path or the host";
        } else {
            summary = "seen from " + firing.size() + " of " + watching.size() + " hosts (" + String.join(", ", firing)
                    + ")";
        }
        return new Notification.Fleet(List.copyOf(watching), List.copyOf(firing), summary);
    }

    private Optional<Silence> silence(Signal s) {
        return silences == null ? Optional.empty() : silences.silencing(s);
    }

    /** @return the firing dependency suppressing this component, or null */
    private String suppressor(String component) {
        for (String dependency : topology.dependenciesOf(component)) {
            Group d = groups.get(dependency);
            if (d != null) {
                for (Tracked t : d.firing.values()) {
                    if (silence(t.signal).isEmpty()) {
                        return dependency;
                    }
                }
            }
        }
        return null;
    }

    /**
     * @return the monotonic clock in milliseconds, what every duration here is measured on; anchored
     *     at the wall-clock time the escalator was made, so it reads like (and stays well apart from
     *     the -1 of) an epoch time
     */
    private long now() {
        return anchorMillis + Math.floorDiv(clock.nanoTime() - anchorNanos, 1_000_000L);
    }

    /** @return how long a signal had been firing when it arrived, by the wall clock (0 if since lies ahead) */
    private long firedBefore(Signal signal) {
        return Math.max(0, clock.now().toEpochMilli() - Instant.parse(signal.since()).toEpochMilli());
    }

    private Severity severity(Tracked t, long now) {
        if (t.notifiedSeverity != null && t.signal.firing() && t.signal.flapping()) {
            return t.notifiedSeverity; // a held flapping series is not escalated by how long it flaps
        }
        return policy.of(t.signal, t.firingFor(now));
    }

    /** @return a monotonic time as the wall-clock epoch milliseconds it corresponds to now, -1 kept */
    private long toWall(long monotonic) {
        return monotonic < 0 ? -1 : clock.now().toEpochMilli() - (now() - monotonic);
    }

    /** @return wall-clock epoch milliseconds as the monotonic time they correspond to now, -1 kept */
    private long fromWall(long wall) {
        return wall < 0 ? -1 : now() - (clock.now().toEpochMilli() - wall);
    }

    // ---- state, for persistence across restarts -------------------------------------------------

    /**
     * The escalator's state: open groups and recently seen ids.
     *
     * @param groups open groups
     * @param seen recently seen signal ids, oldest first
     */
    public record State(List<GroupState> groups, List<String> seen) {
    }

    /**
     * One open group. Its times are wall-clock epoch milliseconds, converted from and to the
     * monotonic clock when saved and restored, so they mean the same after a restart.
     *
     * @param component the component
     * @param firing firing members
     * @param resolved resolutions not yet notified
     * @param pendingSince epoch ms since changes wait, or -1
     * @param lastNotifiedAt epoch ms of the last notification, or -1
     * @param notifiedSeverity the highest severity notified while firing, or null
     * @param sequence notifications sent for the group
     */
    public record GroupState(String component, List<TrackedState> firing, List<TrackedState> resolved,
                             long pendingSince, long lastNotifiedAt, String notifiedSeverity, int sequence) {
    }

    /**
     * One member.
     *
     * @param signal its latest signal
     * @param notifiedSeverity the severity it was notified with, or null if not yet
     * @param quiet for a held flapping member now resolved: its resolution, otherwise null
     * @param quietSince wall-clock epoch ms that resolution arrived, when {@code quiet} is set
     */
    public record TrackedState(Signal signal, String notifiedSeverity, Signal quiet, long quietSince) {
    }

    /** @return whether no group is open: nothing is pending, due or firing */
    public synchronized boolean idle() {
        return groups.isEmpty();
    }

    /**
     * @return a number that changes whenever the state may have changed (by {@link #accept},
     *         {@link #tick} with groups open, or {@link #restore}), so callers can skip saving an
     *         unchanged state
     */
    public synchronized long revision() {
        return revision;
    }

    /** @return a copy of the state */
    public synchronized State state() {
        List<GroupState> out = new ArrayList<>();
        for (Group g : groups.values()) {
            out.add(new GroupState(g.component, states(g.firing.values()), states(g.resolved), toWall(g.pendingSince),
                    toWall(g.lastNotifiedAt), g.notifiedSeverity == null ? null : g.notifiedSeverity.wireName(), g.sequence));
        }
        return new State(out, List.copyOf(seen));
    }

    private List<TrackedState> states(Iterable<Tracked> tracked) {
        List<TrackedState> out = new ArrayList<>();
        for (Tracked t : tracked) {
            out.add(new TrackedState(t.signal, t.notifiedSeverity == null ? null : t.notifiedSeverity.wireName(),
                    t.quiet, t.quiet == null ? -1 : toWall(t.quietSince)));
        }
        return out;
    }

    /** @param state a state from {@link #state()} to continue from */
    public synchronized void restore(State state) {
        revision++;
        groups.clear();
        seen.clear();
        seen.addAll(state.seen());
        for (GroupState gs : state.groups()) {
            Group g = new Group(gs.component());
            for (TrackedState ts : gs.firing()) {
                g.firing.put(ts.signal().fingerprint(), tracked(ts));
            }
            for (TrackedState ts : gs.resolved()) {
                g.resolved.add(tracked(ts));
            }
            g.pendingSince = fromWall(gs.pendingSince());
            g.lastNotifiedAt = fromWall(gs.lastNotifiedAt());
            g.notifiedSeverity = gs.notifiedSeverity() == null ? null : SeverityPolicy.parse(gs.notifiedSeverity());
            g.sequence = gs.sequence();
            groups.put(g.component, g);
        }
    }

    private Tracked tracked(TrackedState ts) {
        Signal s = ts.signal();
        long now = now();
        Tracked t;
        if (s.firing()) {
            t = new Tracked(s, firedBefore(s), now);
        } else {
            // a resolution not yet notified: it fired from since until at
            t = new Tracked(s, Math.max(0, Instant.parse(s.at()).toEpochMilli() - Instant.parse(s.since()).toEpochMilli()),
                    now);
            t.resolvedAt = now;
        }
        t.notifiedSeverity = ts.notifiedSeverity() == null ? null : SeverityPolicy.parse(ts.notifiedSeverity());
        if (ts.quiet() != null) {
            t.quiet = ts.quiet();
            t.quietSince = fromWall(ts.quietSince());
        }
        return t;
    }

    /**
     * A look at one open group, for the API and tests.
     *
     * @param component the component
     * @param firing firing members with their escalated severity and, when held back, why
     */
    public record GroupView(String component, List<Member> firing) {
    }

    /** @return open groups with firing members, marked {@code suppressed_by} where a dependency fires */
    public synchronized List<GroupView> groups() {
        long now = now();
        List<GroupView> out = new ArrayList<>();
        for (Group g : groups.values()) {
            List<Member> members = new ArrayList<>();
            String suppressor = suppressor(g.component);
            for (Tracked t : g.firing.values()) {
                members.add(Member.of(t.signal, severity(t, now).wireName(), suppressor));
            }
            if (!members.isEmpty()) {
                out.add(new GroupView(g.component, members));
            }
        }
        return out;
    }

    private static final class Group {
        final String component;
        final Map<String, Tracked> firing = new LinkedHashMap<>();
        final List<Tracked> resolved = new ArrayList<>();
        long pendingSince = -1;
        long lastNotifiedAt = -1;
        Severity notifiedSeverity;
        int sequence;

        Group(String component) {
            this.component = component;
        }

        void pending(long now) {
            if (pendingSince < 0) {
                pendingSince = now;
            }
        }
    }

    private static final class Tracked {
        Signal signal;
        Severity notifiedSeverity;
        /** How long it had been firing when it arrived (wall clock), ms. */
        final long firedBefore;
        /** When it arrived, monotonic ms. */
        final long arrivedAt;
        /** When its resolution arrived, monotonic ms, or -1 while it fires. */
        long resolvedAt = -1;
        /** A held flapping member's resolution while it is resolved, or null. */
        Signal quiet;
        /** When {@link #quiet} arrived, monotonic ms, or -1. */
        long quietSince = -1;

        Tracked(Signal signal, long firedBefore, long arrivedAt) {
            this.signal = signal;
            this.firedBefore = firedBefore;
            this.arrivedAt = arrivedAt;
        }

        /** @return how long it has been firing (until its resolution, once resolved), ms */
        long firingFor(long now) {
            return firedBefore + Math.max(0, (resolvedAt >= 0 ? resolvedAt : now) - arrivedAt);
        }
    }
}
