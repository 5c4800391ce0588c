package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Member;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.spi.Unit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The readable form of a notification, for people: a headline and the lines that answer what,
 * where, how bad compared with normal, since when, and where to look next.
 */
public final class NotificationText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Notification n;
    private final String statusUrl;

    /**
     * @param notification the notification
     * @param statusUrl the status page, may be empty
     */
    public NotificationText(Notification notification, String statusUrl) {
        this.n = notification;
        this.statusUrl = statusUrl == null ? "" : statusUrl;
    }

    /**
     * @return for example {@code [HIGH] orders-db: replication lag}, {@code [HIGH, FLAPPING] lb: backend up},
     *     {@code [STALE, NO DATA] orders-db: replay lag}
     */
    public String headline() {
        Signal s = n.signal();
        String what;
        switch (n.reason()) {
            case Notification.RESOLVED:
                what = s.wentStale() ? "STALE, NO DATA" : s.flapping() ? "RESOLVED, SETTLED AFTER FLAPPING" : "RESOLVED";
                break;
            case Notification.REPEAT:
                what = flapping(s) ? "STILL FLAPPING" : "STILL FIRING";
                break;
            case Notification.ESCALATED:
                what = "ESCALATED to " + s.severity().wireName().toUpperCase(Locale.ROOT);
                break;
            default:
                what = s.severity().wireName().toUpperCase(Locale.ROOT) + (flapping(s) ? ", FLAPPING" : "");
                break;
        }
        long others = n.group().stream().filter(m -> !m.id().equals(s.id()) && m.firing()).count();
        return "[" + what + "] " + s.component() + ": " + words(s.check()) + (s.target().isEmpty() ? "" : " on " + s.target())
                + (others > 0 ? " (+" + others + " more check" + (others == 1 ? "" : "s") + " firing)" : "");
    }

    /** @return the lines of detail, each one short */
    public List<String> lines() {
        Signal s = n.signal();
        List<String> lines = new ArrayList<>();
        lines.add(s.summary() + ".");
        lines.add("Where: " + s.component() + " / " + s.check() + (s.target().isEmpty() ? "" : " on " + s.target())
                + " — tower " + s.tower().id() + " (" + s.tower().type() + ") on host " + s.tower().host());
        String normal = normal(s.observed(), s.observedState(), s.previousState(), s.unit(), s.baseline(), s.score());
        if (!normal.isEmpty()) {
            lines.add("How bad: " + normal);
        }
        lines.add(since(s));
        if (flapping(s)) {
            lines.add("Flapping: " + (s.flap() == null ? "it fires and resolves repeatedly" : s.flap().describe())
                    + ". Paged once as flapping; further flips are held (not paged) until it settles or the repeat"
                    + " interval passes");
        }
        if (s.stale() != null) {
            lines.add("Stale: " + s.stale().reason() + "; last observation " + TIME.format(Instant.parse(s.stale().since()))
                    + ". The firing ended without data: nobody knows its value now. It is judged again when"
                    + " observations return");
        }
        if (n.escalation().fleet() != null) {
            lines.add("Fleet: " + n.escalation().fleet().summary());
        }
        List<String> others = new ArrayList<>();
        for (Member m : n.group()) {
            if (!m.id().equals(s.id())) {
                others.add(words(m.check()) + (m.target().isEmpty() ? "" : " on " + m.target()) + " " + m.state()
                        + " (" + m.severity() + ")");
            }
        }
        if (!others.isEmpty()) {
            lines.add("Same component: " + String.join("; ", others));
        }
        if (s.related() != null && !s.related().isEmpty()) {
            StringJoiner related = new StringJoiner("; ");
            for (Signal.Related r : s.related()) {
                related.add(words(r.check()) + (r.target().isEmpty() ? "" : " on " + r.target())
                        + (r.observed() == null ? "" : " " + fmt(r.observed(), null))
                        + (r.expected() == null ? "" : " (usual " + fmt(r.expected(), null) + ")"));
            }
            lines.add("Also deviating: " + related);
        }
        if (s.recent() != null && !s.recent().isEmpty()) {
            StringJoiner recent = new StringJoiner(", ");
            List<Signal.Recent> last = s.recent().subList(Math.max(0, s.recent().size() - 6), s.recent().size());
            for (Signal.Recent r : last) {
                recent.add(r.value() != null ? fmt(r.value(), s.unit()) : String.valueOf(r.state()));
            }
            lines.add("Last observations: " + recent);
        }
        if (s.context() != null && !s.context().isEmpty()) {
            StringJoiner context = new StringJoiner(", ");
            s.context().forEach((k, v) -> context.add(k + "=" + v));
            lines.add("Context: " + context);
        }
        if (!n.escalation().suppressing().isEmpty()) {
            StringJoiner dependants = new StringJoiner("; ");
            for (Member m : n.escalation().suppressing()) {
                dependants.add(m.component() + " " + words(m.check()) + (m.target().isEmpty() ? "" : " on " + m.target()));
            }
            lines.add("Suppressing dependants (not paged separately): " + dependants);
        }
        String next = next(s);
        if (!next.isEmpty()) {
            lines.add(next);
        }
        return lines;
    }

    /**
     * The lines of one member of the notification's group, for a channel that raises one alert
     * per member: the lead's are {@link #lines()}, another member's say what, where, how bad and
     * since when of that member alone.
     *
     * @param m a member of this notification's group
     * @return its lines
     */
    public List<String> lines(Member m) {
        if (m.id().equals(n.signal().id())) {
            return lines();
        }
        List<String> lines = new ArrayList<>();
        lines.add(m.summary() + ".");
        lines.add("Where: " + m.component() + " / " + m.check() + (m.target().isEmpty() ? "" : " on " + m.target())
                + " — tower " + m.tower() + " on host " + m.host());
        String normal = normal(m.observed(), m.observedState(), m.previousState(), m.unit(), m.baseline(),
                m.score() == null ? 0 : m.score());
        if (!normal.isEmpty()) {
            lines.add("How bad: " + normal);
        }
        lines.add(m.firing() ? "Since: " + TIME.format(Instant.parse(m.since()))
                : "Fired " + TIME.format(Instant.parse(m.since())) + ", " + (m.stale() != null ? "stale" : "resolved")
                        + " " + TIME.format(Instant.parse(m.at())));
        if (m.flap() != null && m.firing()) {
            lines.add("Flapping: " + m.flap().describe() + "; held after its first page");
        }
        if (m.stale() != null) {
            lines.add("Stale: " + m.stale().reason() + "; last observation " + TIME.format(Instant.parse(m.stale().since())));
        }
        lines.add("Sent with the " + n.signal().component() + " group led by " + words(n.signal().check())
                + (n.signal().target().isEmpty() ? "" : " on " + n.signal().target()) + " (" + n.reason() + ")");
        if (m.runbook() != null && !m.runbook().isEmpty()) {
            lines.add("Next: runbook " + m.runbook());
        }
        return lines;
    }

    /** @return headline and lines, one per line */
    public String full() {
        return headline() + "\n" + String.join("\n", lines());
    }

    private static String normal(Double observed, String observedState, String previousState, String unit,
                                 Signal.BaselineRef b, double score) {
        if (b == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (observed != null && b.expected() != null) {
            out.append(fmt(observed, unit)).append(" against a usual ").append(fmt(b.expected(), unit));
            if (b.lower() != null && b.upper() != null) {
                out.append(" (band ").append(fmt(b.lower(), unit)).append(" – ").append(fmt(b.upper(), unit))
                        .append(")");
            }
            double multiple = observed / b.expected();
            if (b.expected() > 0 && multiple >= 2 && multiple < SignalComposer.LARGEST_MULTIPLE) {
                out.append(", ").append(String.format(Locale.ROOT, multiple >= 10 ? "%.0f" : "%.1f", multiple))
                        .append("× normal");
            }
        } else if (observed != null) {
            out.append(fmt(observed, unit)).append(", no baseline yet");
        } else if (observedState != null) {
            out.append("now [").append(observedState).append("], long-stable [").append(previousState).append("]");
        }
        if (out.length() > 0) {
            out.append("; ");
        }
        out.append("baseline ").append(b.confidence()).append(" from ").append(b.samples()).append(" samples")
                .append("global".equals(b.seasonBucket()) ? "" : ", season " + b.seasonBucket())
                .append("; score ").append(String.format(Locale.ROOT, "%.2f", score));
        return out.toString();
    }

    private String since(Signal s) {
        Instant since = Instant.parse(s.since());
        long seconds = n.escalation().firingFor();
        if (s.wentStale()) {
            return "Fired " + TIME.format(since) + ", found stale " + TIME.format(Instant.parse(s.at())) + " after "
                    + duration(seconds) + " firing";
        }
        if (!s.firing()) {
            return "Fired " + TIME.format(since) + ", resolved " + TIME.format(Instant.parse(s.at())) + " after "
                    + duration(seconds);
        }
        return "Since: " + TIME.format(since) + " (firing " + duration(seconds) + ")";
    }

    /** @return whether the signal is a firing of a flapping series */
    static boolean flapping(Signal s) {
        return s.firing() && s.flapping();
    }

    private String next(Signal s) {
        List<String> where = new ArrayList<>();
        if (s.runbook() != null && !s.runbook().isEmpty()) {
            where.add("runbook " + s.runbook());
        }
        if (!statusUrl.isEmpty()) {
            where.add("status " + statusUrl);
        }
        return where.isEmpty() ? "" : "Next: " + String.join(" · ", where);
    }

    static String words(String check) {
        return check.replace('_', ' ');
    }

    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86400) {
            return seconds / 3600 + " h " + (seconds % 3600) / 60 + " min";
        }
        return seconds / 86400 + " d " + (seconds % 86400) / 3600 + " h";
    }

    static String fmt(double value, String unit) {
        if (unit != null) {
            for (Unit u : Unit.values()) {
                if (u.wireName().equals(unit)) {
                    return u.format(value);
                }
            }
        }
        double abs = Math.abs(value);
        String[] suffixes = {"", "k", "M", "G", "T"};
        int i = 0;
        while (abs >= 1000 && i < suffixes.length - 1) {
            abs /= 1000;
            value /= 1000;
            i++;
        }
        String number = value == Math.rint(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3g", value);
        if (number.contains(".") && !number.contains("e")) {
            number = number.replaceAll("\\.?0+$", "");
        }
        return number + suffixes[i];
    }
}
