package io.watchtower.runtime.signal;

import io.watchtower.baseline.Cause;
import io.watchtower.baseline.Verdict;
import io.watchtower.spi.Check;
import io.watchtower.spi.Severity;
import io.watchtower.spi.Unit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Makes every {@link Signal}: ids, fingerprint, kind, severity, baseline evidence and a
 * one-sentence summary a person can act on. A series transition ({@link #compose}) and the
 * daemon's own signals: a channel's full outbox ({@link #outboxDropped}), a quarantined state file
 * ({@link #stateQuarantined}) and a tower whose heartbeat stopped ({@link #heartbeatBlindSpot}).
 */
public final class SignalComposer {

    /** The pseudo-tower and component of the daemon's own signals. */
    public static final String DAEMON = "watchtower";
    /** The check of a quarantined state file's signal. */
    public static final String STATE_CHECK = "state";
    /** The check of a channel's full outbox's signal. */
    public static final String OUTBOX_DROPPED_CHECK = "outbox_dropped";
    /** The check of heartbeat blind spots. */
    public static final String HEARTBEAT_CHECK = "heartbeat";

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final String host;
    private final String version;

    /**
     * @param host the daemon's host name
     * @param version the daemon's version
     */
    public SignalComposer(String host, String version) {
        this.host = host;
        this.version = version;
    }

    /**
     * A transition to compose.
     *
     * @param tower the tower
     * @param key the series
     * @param role what the series stands for
     * @param check the declared check (null for reachability and probe series)
     * @param severity the effective severity of the check
     * @param verdict the verdict that caused the transition
     * @param firing whether this is a firing (true) or resolved (false) signal
     * @param kind the signal kind
     * @param since when the firing began, epoch ms
     * @param recent recent observations
     * @param context tower-reported context
     * @param related other deviating series of the component
     * @param runbook the runbook link
     * @param method the model that judged the series, for example {@code rolling-median-mad+season+cusum};
     *               null to name it from the check's kind
     * @param guardrailAbove the upper guardrail the series is judged with (declared by the check or
     *                       configured), NaN for none
     * @param guardrailBelow the lower guardrail the series is judged with, NaN for none
     * @param firedForMillis for a resolution, how long the series fired by the monotonic clock; -1
     *                       when unknown (replays, a firing restored from the journal), then the
     *                       resolution's and the firing's wall-clock times tell
     */
    public record Transition(TowerInfo tower, SeriesKey key, SeriesRole role, Check check, Severity severity,
                             Verdict verdict, boolean firing, SignalKind kind, long since, List<Signal.Recent> recent,
                             Map<String, String> context, List<Signal.Related> related, String runbook,
                             String method, double guardrailAbove, double guardrailBelow, long firedForMillis) {

        /** A transition judged with the check's declared guardrails. */
        public Transition(TowerInfo tower, SeriesKey key, SeriesRole role, Check check, Severity severity,
                          Verdict verdict, boolean firing, SignalKind kind, long since, List<Signal.Recent> recent,
                          Map<String, String> context, List<Signal.Related> related, String runbook,
                          String method) {
            this(tower, key, role, check, severity, verdict, firing, kind, since, recent, context, related, runbook,
                    method, check == null ? Double.NaN : check.guardrailAbove(),
                    check == null ? Double.NaN : check.guardrailBelow(), -1);
        }

        /** A transition judged with the check's declared guardrails, whose method is named from its kind. */
        public Transition(TowerInfo tower, SeriesKey key, SeriesRole role, Check check, Severity severity,
                          Verdict verdict, boolean firing, SignalKind kind, long since, List<Signal.Recent> recent,
                          Map<String, String> context, List<Signal.Related> related, String runbook) {
            this(tower, key, role, check, severity, verdict, firing, kind, since, recent, context, related, runbook, null);
        }
    }

    /**
     * A value at least this many times its expectation is not said as a multiple ("35723277460×
     * the usual 0 s" says nothing): it is said as the value and what is usual.
     */
    public static final double LARGEST_MULTIPLE = 100;

    /**
     * @param role what the series stands for
     * @param cause the cause the firing started with
     * @return the signal kind
     */
    public static SignalKind kindOf(SeriesRole role, Cause cause) {
        switch (role) {
            case REACHABILITY:
                return SignalKind.UNREACHABLE;
            case PROBE:
                return SignalKind.BLIND_SPOT;
            default:
                return kindOf(cause);
        }
    }

    /**
     * @param cause what made a check's series fire
     * @return the kind of its signal
     */
    public static SignalKind kindOf(Cause cause) {
        switch (cause) {
            case THRESHOLD:
                return SignalKind.THRESHOLD;
            case CHANGE:
                return SignalKind.CHANGE;
            default:
                return SignalKind.ANOMALY;
        }
    }

    /**
     * @param t the transition
     * @return the signal
     */
    public Signal compose(Transition t) {
        return compose(t, null);
    }

    /**
     * Composes a transition of a series that may be flapping: a firing of a flapping series says so
     * in its summary, with how often and how fast it flips.
     *
     * @param t the transition
     * @param flap how the series flips when its verdict says it flaps, or null
     * @return the signal
     */
    public Signal compose(Transition t, Signal.Flap flap) {
        Unit unit = unit(t);
        Signal.Flap shown = t.firing() && t.verdict().flapping() ? flap : null;
        String summary = summary(t, unit);
        if (t.firing() && t.verdict().flapping()) {
            summary += shown == null ? "; flapping: it fires and resolves repeatedly"
                    : "; flapping: " + shown.describe();
        }
        return build(t, SignalState.of(t.firing()), t.verdict().at(), summary, shown, null);
    }

    /**
     * Composes the end of a firing whose series stopped receiving observations while its tower
     * still probes: the signal's state is {@link SignalState#STALE}, its observation and baseline are
     * the last ones seen, its {@code at} is when the series was found stale.
     *
     * @param t the firing series as last judged ({@code firing} false: this ends the firing)
     * @param at epoch ms the series was found stale
     * @param missedProbes probes of the tower in a row that completed without the series
     * @return the signal
     */
    public Signal composeStale(Transition t, long at, int missedProbes) {
        Verdict v = t.verdict();
        String where = t.key().target().isEmpty() ? t.tower().component()
                : t.key().target() + " (" + t.tower().component() + ")";
        String reason = "no observation for " + missedProbes + " probes in a row while tower " + t.tower().id()
                + " still probes";
        String summary = title(t.key().check()) + " of " + where + " is stale: " + reason + "; last seen "
                + CLOCK.format(Instant.ofEpochMilli(v.at())) + lastValue(t, unit(t)) + ". Its firing since "
                + CLOCK.format(Instant.ofEpochMilli(t.since())) + " ends without data after "
                + human(Duration.ofMillis(Math.max(0, at - t.since())));
        return build(t, SignalState.STALE, at, summary, null, new Signal.Stale(iso(v.at()), missedProbes, reason));
    }

    private static String lastValue(Transition t, Unit unit) {
        Verdict v = t.verdict();
        if (t.role() == SeriesRole.CHECK && t.check().kind() == io.watchtower.spi.CheckKind.STATE) {
            return v.state() == null ? "" : " at " + quote(v.state());
        }
        return Double.isFinite(v.value()) && t.role() == SeriesRole.CHECK ? " at " + unit.format(v.value()) : "";
    }

    private static Unit unit(Transition t) {
        return t.role() == SeriesRole.CHECK ? t.check().unit() : Unit.RATIO;
    }

    private Signal build(Transition t, SignalState state, long at, String summary, Signal.Flap flap, Signal.Stale stale) {
        Verdict v = t.verdict();
        String fingerprint = fingerprint(t.key());
        String id = id(fingerprint, state, t.since());
        Unit unit = unit(t);
        boolean numeric = t.role() == SeriesRole.CHECK && t.check().kind() != io.watchtower.spi.CheckKind.STATE;
        boolean nonNegative = numeric && t.check().nonNegative();
        Signal.BaselineRef baseline = new Signal.BaselineRef(numeric ? finite(floor(v.expected(), nonNegative)) : null,
                numeric ? finite(floor(v.lower(), nonNegative)) : null,
                numeric ? finite(floor(v.upper(), nonNegative)) : null,
                method(t), v.samples(), v.confidence().wireName(), v.seasonBucket(),
                v.stableSince() >= 0 && !numeric && t.role() == SeriesRole.CHECK ? iso(v.stableSince()) : null);
        return new Signal(Signal.SCHEMA, id, fingerprint,
                new Signal.TowerRef(t.tower().id(), t.tower().type(), host, version), t.tower().component(),
                t.key().target(), t.key().check(), t.kind(), state, t.severity(),
                numeric ? finite(v.value()) : null,
                numeric || t.role() != SeriesRole.CHECK ? null : v.state(),
                numeric || t.role() != SeriesRole.CHECK ? null : v.stableState(),
                unit.wireName(), baseline, round(v.score()), iso(t.since()), iso(at), summary,
                t.recent(), t.context(), t.related(), t.runbook(), t.tower().labels(), v.flapping(), flap, stale);
    }

    /**
     * The {@code watchtower/outbox_dropped} signal: a failing channel's outbox is full and drops
     * its oldest lowest-severity notifications (firing), or is below half its capacity again
     * (resolved).
     *
     * @param channel the channel's name
     * @param firing whether the outbox started dropping (true) or caught up (false)
     * @param since epoch ms it started dropping
     * @param at now
     * @param dropped notifications dropped so far
     * @param capacity the outbox's capacity
     * @return the signal
     */
    public Signal outboxDropped(String channel, boolean firing, long since, Instant at, long dropped, int capacity) {
        String fingerprint = fingerprint(new SeriesKey(DAEMON, channel, OUTBOX_DROPPED_CHECK));
        SignalState state = SignalState.of(firing);
        String summary = firing
                ? "Channel " + channel + " is failing and its outbox is full (" + capacity
                + " notifications): " + dropped + " oldest lowest-severity notification(s) dropped so far"
                : "Channel " + channel + " caught up: its outbox is below half its capacity again; "
                + dropped + " notification(s) were dropped in all";
        return new Signal(Signal.SCHEMA, id(fingerprint, state, since), fingerprint,
                new Signal.TowerRef(DAEMON, "daemon", host, version), DAEMON, channel, OUTBOX_DROPPED_CHECK,
                SignalKind.THRESHOLD, state, Severity.HIGH, (double) dropped, null, null, Unit.COUNT.wireName(),
                new Signal.BaselineRef(0.0, 0.0, 0.0, "bound", 0, "ready", "global", null), 0.5,
                iso(since), at.toString(), summary, List.of(),
                Map.of("channel", channel, "capacity", Integer.toString(capacity), "dropped", Long.toString(dropped)),
                List.of(), "", Map.of(), false);
    }

    /**
     * The {@code watchtower/state} signal: a state file was corrupt and quarantined, so the daemon
     * started without part of what it knew (silences, escalation groups, registry records or a
     * journal line). A blind spot of the daemon itself, at high severity, naming the file and where
     * it went; an operator looks at it and deletes it.
     *
     * @param file the corrupt file
     * @param movedTo where it was moved (or its line copied)
     * @param offset the byte offset of the damage, or -1
     * @param reason what is wrong with it
     * @param description one sentence saying all of that
     * @param at when it was quarantined
     * @return a firing blind-spot signal for it
     */
    public Signal stateQuarantined(Path file, Path movedTo, long offset, String reason, String description,
                                   Instant at) {
        String target = file.toString();
        String fingerprint = fingerprint(new SeriesKey(DAEMON, target, STATE_CHECK));
        long since = at.toEpochMilli();
        Map<String, String> context = new LinkedHashMap<>();
        context.put("file", target);
        context.put("moved_to", movedTo.toString());
        context.put("reason", reason);
        if (offset >= 0) {
            context.put("offset", Long.toString(offset));
        }
        String summary = "State " + description + "; the daemon started without it. Look at the file, then delete it.";
        return new Signal(Signal.SCHEMA, id(fingerprint, SignalState.FIRING, since), fingerprint,
                new Signal.TowerRef(DAEMON, "daemon", host, version), DAEMON, target, STATE_CHECK,
                SignalKind.BLIND_SPOT, SignalState.FIRING, Severity.HIGH, null, null, null, Unit.NONE.wireName(),
                new Signal.BaselineRef(null, null, null, "none", 0, "ready", "global", null),
                1.0, iso(since), iso(since), summary, List.of(), Map.copyOf(context), List.of(), "", Map.of(), false);
    }

    /**
     * A tower whose heartbeat stopped, as the registry last heard of it.
     *
     * @param id tower id
     * @param type tower type
     * @param host the tower's host
     * @param version the tower's daemon version
     * @param component the component it watches
     * @param heartbeatMs its last heartbeat, epoch ms
     * @param heartbeatIntervalMs how often it heartbeats
     */
    public record SilentTower(String id, String type, String host, String version, String component,
                              long heartbeatMs, long heartbeatIntervalMs) {
    }

    /**
     * The {@code heartbeat} blind-spot signal of a tower (on any host) whose heartbeat stopped,
     * raised by the daemon that watches the fleet's heartbeats. It carries the silent tower's
     * host and version, not the watcher's, so its fingerprint is the same whoever raises it.
     *
     * @param tower the silent tower
     * @param firing raised (true) or resolved (false)
     * @param sinceMs when it became a blind spot: last heartbeat plus three intervals
     * @param atMs now
     * @param raisedBy the host of the watching daemon
     * @return the signal
     */
    public static Signal heartbeatBlindSpot(SilentTower tower, boolean firing, long sinceMs, long atMs,
                                            String raisedBy) {
        String fingerprint = heartbeatFingerprint(tower.host(), tower.id());
        SignalState state = SignalState.of(firing);
        double interval = tower.heartbeatIntervalMs() / 1000.0;
        double silent = Math.max(0, atMs - tower.heartbeatMs()) / 1000.0;
        double silence = Math.max(0, atMs - sinceMs) / 1000.0 + 3 * interval;
        String last = iso(tower.heartbeatMs());
        String summary = firing
                ? String.format(Locale.ROOT, "No heartbeat from tower %s on %s since %s (%s; expected every %s):"
                        + " nobody watches %s from %s.", tower.id(), tower.host(), last, seconds(silent),
                        seconds(interval), tower.component(), tower.host())
                : String.format(Locale.ROOT, "Tower %s on %s heartbeats again after about %s of silence"
                        + " (blind from %s).", tower.id(), tower.host(), seconds(silence), iso(sinceMs));
        return new Signal(Signal.SCHEMA, id(fingerprint, state, sinceMs), fingerprint,
                new Signal.TowerRef(tower.id(), tower.type(), tower.host(), tower.version()), tower.component(), "",
                HEARTBEAT_CHECK, SignalKind.BLIND_SPOT, state, Severity.HIGH, firing ? silent : null, null, null,
                Unit.SECONDS.wireName(),
                new Signal.BaselineRef(interval, 0.0, 3 * interval, "heartbeat", 0, "ready", "global", null),
                firing ? 1.0 : 0.0, iso(sinceMs), iso(atMs), summary, List.of(),
                Map.of("last_heartbeat", last, "raised_by", raisedBy), List.of(), "", Map.of(), false);
    }

    /**
     * @param host a tower's host
     * @param tower its id
     * @return the fingerprint of its heartbeat series, the same on every daemon
     */
    public static String heartbeatFingerprint(String host, String tower) {
        return sha256(HEARTBEAT_CHECK + "\u0000" + host + "\u0000" + tower).substring(0, 16);
    }

    private static String seconds(double s) {
        return s < 120 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f min", s / 60);
    }

    /**
     * The same signal as notified with an escalated severity.
     *
     * @param signal a signal
     * @param severity the severity it is escalated with
     * @return the signal with that severity
     */
    public static Signal withSeverity(Signal signal, Severity severity) {
        Signal s = signal;
        return new Signal(s.schema(), s.id(), s.fingerprint(), s.tower(), s.component(), s.target(), s.check(),
                s.kind(), s.state(), severity, s.observed(), s.observedState(), s.previousState(), s.unit(),
                s.baseline(), s.score(), s.since(), s.at(), s.summary(), s.recent(), s.context(), s.related(),
                s.runbook(), s.labels(), s.flapping(), s.flap(), s.stale());
    }

    private static String method(Transition t) {
        if (t.method() != null) {
            return t.method();
        }
        if (t.role() != SeriesRole.CHECK) {
            return "k-of-n";
        }
        switch (t.check().kind()) {
            case STATE:
                return "stable-state";
            case RATIO:
                return "rate";
            default:
                return "rolling-median-mad";
        }
    }

    /**
     * @param key a series
     * @return its fingerprint on this host
     */
    public String fingerprint(SeriesKey key) {
        return sha256(host + "\u0000" + key.tower() + "\u0000" + key.target() + "\u0000" + key.check()).substring(0, 16);
    }

    /**
     * The id of a transition: derived from what it is, so a transition re-derived after a restart
     * carries the same id.
     *
     * @param fingerprint the series fingerprint
     * @param state the transition
     * @param since epoch ms the firing began
     * @return a UUID-formatted id
     */
    public static String id(String fingerprint, SignalState state, long since) {
        return id(fingerprint, state.wireName(), since);
    }

    /**
     * An id derived from a series, what happened to it and when its firing began: a signal's (the
     * state's wire name) or a notification's (its reason and sequence).
     *
     * @param fingerprint the series fingerprint
     * @param what what happened, for example {@code firing} or {@code repeat#3}
     * @param since epoch ms the firing began
     * @return a UUID-formatted id
     */
    public static String id(String fingerprint, String what, long since) {
        byte[] hash = sha256Bytes(fingerprint + "\u0000" + what + "\u0000" + since);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[8 + i] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    private String summary(Transition t, Unit unit) {
        Verdict v = t.verdict();
        String where = t.key().target().isEmpty() ? t.tower().component()
                : t.key().target() + " (" + t.tower().component() + ")";
        if (!t.firing()) {
            String duration = human(Duration.ofMillis(t.firedForMillis() >= 0 ? t.firedForMillis()
                    : Math.max(0, v.at() - t.since())));
            switch (t.role()) {
                case REACHABILITY:
                    return where + " is reachable again from " + host + " after " + duration + " unreachable";
                case PROBE:
                    return "Tower " + t.tower().id() + " observes " + t.tower().component() + " again after " + duration;
                default:
                    if (t.check().kind() == io.watchtower.spi.CheckKind.STATE) {
                        return title(t.key().check()) + " of " + where + " settled on " + quote(v.state()) + " after "
                                + duration;
                    }
                    return title(t.key().check()) + " of " + where + " is back to normal: " + unit.format(v.value())
                            + " (" + (Double.isFinite(v.expected()) ? "usual " + unit.format(shownExpected(t))
                            : "no baseline yet") + ") after " + duration + " firing";
            }
        }
        switch (t.role()) {
            case REACHABILITY:
                return where + " is unreachable from " + host + since(t) + reason(t.context());
            case PROBE:
                return "Tower " + t.tower().id() + " cannot observe " + t.tower().component() + since(t)
                        + reason(t.context());
            default:
                break;
        }
        String check = title(t.key().check());
        if (t.check().kind() == io.watchtower.spi.CheckKind.STATE) {
            return check + " of " + where + " changed from " + quote(v.stableState()) + " to " + quote(v.state())
                    + (v.stableSince() >= 0 ? "; the previous value had held since " + iso(v.stableSince()) : "");
        }
        boolean nonNegative = t.check().nonNegative();
        double expected = shownExpected(t);
        if (t.kind() == SignalKind.THRESHOLD) {
            return check + " " + unit.format(v.value()) + " on " + where + " crossed " + guardrail(t, unit)
                    + usualOrLearning(v, expected, unit) + since(t);
        }
        if (!Double.isFinite(expected)) {
            return check + " " + unit.format(v.value()) + " on " + where + "; no baseline yet: it has not been seen otherwise"
                    + since(t);
        }
        String comparison;
        double multiple = v.value() / expected;
        if (expected > 0 && multiple >= 2 && multiple < LARGEST_MULTIPLE) {
            comparison = " is " + times(multiple) + " the usual " + unit.format(expected);
        } else if (v.value() > expected && (expected <= 0 || multiple >= LARGEST_MULTIPLE)) {
            comparison = " where it is usually " + unit.format(expected);
        } else if (v.value() > expected) {
            comparison = " is above the usual " + unit.format(expected);
        } else {
            comparison = " is below the usual " + unit.format(expected);
        }
        String season = "global".equals(v.seasonBucket()) ? "" : " for " + v.seasonBucket();
        String band = Double.isFinite(v.lower()) && Double.isFinite(v.upper())
                ? " (usual band " + unit.format(floor(v.lower(), nonNegative)) + " – "
                        + unit.format(floor(v.upper(), nonNegative)) + ")"
                : "";
        return check + " " + unit.format(v.value()) + " on " + where + comparison + season + band + since(t);
    }

    /** @return the guardrail the value crossed, with its limit as judged (declared or configured) */
    private static String guardrail(Transition t, Unit unit) {
        double value = t.verdict().value();
        double limit = value > t.guardrailAbove() ? t.guardrailAbove()
                : value < t.guardrailBelow() ? t.guardrailBelow()
                : !Double.isNaN(t.guardrailAbove()) ? t.guardrailAbove() : t.guardrailBelow();
        if (Double.isNaN(limit)) {
            return "its guardrail";
        }
        return "the guardrail " + unit.format(limit);
    }

    private static String usualOrLearning(Verdict v, double expected, Unit unit) {
        if (!Double.isFinite(expected)) {
            return "; no baseline yet";
        }
        if (v.confidence() == io.watchtower.baseline.Confidence.LEARNING) {
            return "; baseline still learning (" + unit.format(expected) + " so far)";
        }
        return "; usual " + unit.format(expected);
    }

    /** @return the expected value as shown: never below zero for a quantity that cannot be negative */
    private static double shownExpected(Transition t) {
        return floor(t.verdict().expected(), t.check() != null && t.check().nonNegative());
    }

    private static double floor(double value, boolean nonNegative) {
        return nonNegative && value < 0 ? 0 : value;
    }

    private static String since(Transition t) {
        return ", since " + CLOCK.format(Instant.ofEpochMilli(t.since()));
    }

    private static String reason(Map<String, String> context) {
        String reason = context.get("reason");
        return reason == null ? "" : ": " + reason;
    }

    private static String times(double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0f×", ratio) : String.format(Locale.ROOT, "%.1f×", ratio);
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "[" + s + "]";
    }

    static String title(String check) {
        String words = check.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /**
     * @param d a duration
     * @return it for a person: "42 s", "4 min 10 s", "3 h 5 min", "2 d 4 h"
     */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        if (s < 86400) {
            return (s / 3600) + " h " + (s % 3600) / 60 + " min";
        }
        return (s / 86400) + " d " + (s % 86400) / 3600 + " h";
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? round(d) : null;
    }

    private static double round(double d) {
        if (!Double.isFinite(d) || d == 0) {
            return d;
        }
        double scale = Math.pow(10, 6 - Math.ceil(Math.log10(Math.abs(d))));
        return Math.round(d * scale) / scale;
    }

    /**
     * @param epochMillis epoch milliseconds
     * @return ISO-8601 UTC
     */
    public static String iso(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(sha256Bytes(s));
    }

    private static byte[] sha256Bytes(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
