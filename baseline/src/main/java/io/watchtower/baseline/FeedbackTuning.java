package io.watchtower.baseline;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The adjustments feedback made to one series, and the page times that tell a recurring page from
 * a one-off one. Bounded: at most {@link #MAX_ADJUSTMENTS} adjustments and {@link #PAGES} page
 * times.
 *
 * <ul>
 *   <li>{@code noise} widens the band by ×{@code 1 + }{@value #NOISE_STEP}{@code  per answer}, up to
 *   {@value #MAX_ANSWERS} answers (×2.5) — for the window of {@value #HALF_WINDOW_MINUTES} minutes
 *   either side of the page's time of day (or of week) when the series paged at that time on another
 *   day within {@value #LOOKBACK_DAYS} days, otherwise for the whole series;</li>
 *   <li>{@code expected} makes a deviation of up to {@value #EXPECTED_MARGIN} × the page's own normal
 *   in such a window (daily, or weekly when the earlier pages came on the same weekday only); a
 *   larger deviation in the window, and any deviation outside it, is judged as before;</li>
 *   <li>{@code useful} ends the {@code noise} adjustments covering the page and caps the automatic
 *   widening of the band (the learned tail and the {@link PageBudget}) at what it was when answered.</li>
 * </ul>
 * Each adjustment expires at its {@code until} (30 days after the answer unless given); a repeated
 * answer for the same scope extends and, up to the cap, strengthens it. A window answered {@code noise}
 * after the whole series was starts from the whole series' answers, plus one.
 *
 * <p>It also remembers which recorded answers it reflects, so that answers found in the daemon's
 * feedback record after a crash are applied once and only once: the ids of the last
 * {@value #APPLIED_KEPT} answers applied, and a time up to which every answer is reflected (moved
 * forward as older ids are let go, and for a snapshot written before ids were kept).
 */
final class FeedbackTuning {

    static final int MAX_ADJUSTMENTS = 6;
    static final int MAX_ANSWERS = 3;
    static final double NOISE_STEP = 0.5;
    static final double EXPECTED_MARGIN = 1.5;
    static final int HALF_WINDOW_MINUTES = 60;
    static final int PAGES = 16;
    static final int LOOKBACK_DAYS = 15;
    /** Kept of who answered, in characters (the full record is the daemon's feedback log). */
    static final int WHO_KEPT = 64;
    /** Kept of the note, in characters. */
    static final int NOTE_KEPT = 120;
    /** Ids of applied answers kept; answers given at or before the oldest one let go count as reflected. */
    static final int APPLIED_KEPT = 32;
    /** Longest answer id kept, in characters (the daemon's are UUIDs). */
    static final int ID_KEPT = 64;
    private static final long MINUTE = 60_000L;
    private static final long DAY = 86_400_000L;
    private static final int DAY_MINUTES = 1440;
    private static final int WEEK_MINUTES = 7 * DAY_MINUTES;
    /** Pages at least this far apart fell on different days. */
    private static final long OTHER_DAY = 20 * 3_600_000L;
    private static final String[] WEEKDAYS = {"Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays",
        "Saturdays", "Sundays"};

    private final ZoneId zone;
    private final ZoneRules rules;
    /** Page start times, oldest first. */
    private final List<Long> pages = new ArrayList<>();
    private final List<Entry> entries = new ArrayList<>();
    /** Ids of the answers applied, oldest first, with when each was given. */
    private final List<Applied> applied = new ArrayList<>();
    /** Every answer given at or before this time (epoch ms) is reflected; MIN_VALUE when none is known. */
    private long reflectedThrough = Long.MIN_VALUE;

    /** A recorded answer that was applied: its id and when it was given. */
    private record Applied(String id, long at) {
    }

    /** One adjustment. {@code period} is 0 for the whole series, else minutes (a day or a week). */
    private static final class Entry {
        FeedbackAnswer answer;
        int period;
        int center;
        long since;
        long lastAt;
        int answers;
        String who;
        String note;
        long until;
        double allowance;
        /** For {@code useful}: the bar (in σ) the series may raise itself to at most. */
        double barCap;
    }

    FeedbackTuning(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /** Records that the series began to fire at {@code since}. */
    void paged(long since) {
        if (!pages.isEmpty() && pages.get(pages.size() - 1) >= since) {
            return;
        }
        pages.add(since);
        if (pages.size() > PAGES) {
            pages.remove(0);
        }
    }

    /**
     * Applies an answer.
     *
     * @param f the answer
     * @param excursion how far the page's value was from the expected one, in the bad direction (NaN when unknown)
     * @param automaticBar the bar as the series widened it by itself (learned tail, page budget) when answered
     * @return the adjustment it made or strengthened
     */
    Adjustment apply(Feedback f, double excursion, double automaticBar) {
        return apply(f, excursion, automaticBar, null);
    }

    /**
     * Applies a recorded answer and remembers its id (see {@link #reflects}).
     *
     * @param f the answer
     * @param excursion how far the page's value was from the expected one, in the bad direction (NaN when unknown)
     * @param automaticBar the bar as the series widened it by itself when answered
     * @param id the answer's id in the daemon's record, or null for an answer that is not recorded (a replay)
     * @return the adjustment it made or strengthened
     */
    Adjustment apply(Feedback f, double excursion, double automaticBar, String id) {
        if (id != null) {
            remember(id, f.at());
        }
        entries.removeIf(e -> e.until <= f.at());
        int[] slot = recurringSlot(f.pageAt());
        Entry made = new Entry();
        made.answer = f.answer();
        switch (f.answer()) {
            case NOISE:
                made.period = slot == null ? 0 : slot[0];
                made.center = slot == null ? 0 : slot[1];
                break;
            case EXPECTED:
                made.period = slot == null ? DAY_MINUTES : slot[0];
                made.center = slot == null ? minuteOf(f.pageAt(), DAY_MINUTES) : slot[1];
                made.allowance = Double.isFinite(excursion) && excursion > 0 ? EXPECTED_MARGIN * excursion : 0;
                break;
            default:
                entries.removeIf(e -> e.answer == FeedbackAnswer.NOISE && covers(e, f.pageAt()));
                made.barCap = automaticBar;
                break;
        }
        Entry same = entries.stream().filter(e -> e.answer == made.answer && e.period == made.period
                && (e.period == 0 || distance(e.center, made.center, e.period) <= HALF_WINDOW_MINUTES))
                .findFirst().orElse(null);
        Entry e = same != null ? same : made;
        if (same == null) {
            e.since = f.at();
            // a recurring window answered noise after the whole series was: the earlier answers count too
            e.answers = Math.min(MAX_ANSWERS, 1 + entries.stream().filter(x -> x.answer == FeedbackAnswer.NOISE
                    && made.answer == FeedbackAnswer.NOISE && x.period == 0 && made.period != 0)
                    .mapToInt(x -> x.answers).max().orElse(0));
            e.until = f.expires();
            entries.add(e);
        } else {
            e.answers = Math.min(MAX_ANSWERS, e.answers + 1);
            e.until = Math.max(e.until, f.expires());
            e.allowance = Math.max(e.allowance, made.allowance);
            e.barCap = Math.min(e.barCap, made.barCap);
        }
        e.lastAt = f.at();
        e.who = shorten(f.who(), WHO_KEPT);
        e.note = shorten(f.note(), NOTE_KEPT);
        while (entries.size() > MAX_ADJUSTMENTS) {
            entries.remove(entries.stream().min(Comparator.comparingLong((Entry x) -> x.until)).get());
        }
        return view(e);
    }

    /**
     * @param id a recorded answer's id
     * @param at when it was given, epoch ms
     * @return whether this state already reflects it: its id was applied, or it was given at or before the
     *     time up to which every answer is reflected
     */
    boolean reflects(String id, long at) {
        if (at <= reflectedThrough) {
            return true;
        }
        for (Applied a : applied) {
            if (a.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a state restored from a snapshot that kept no ids (format 6): every answer given at or before
     * {@code at} is taken as reflected.
     */
    void reflectedThrough(long at) {
        reflectedThrough = Math.max(reflectedThrough, at);
    }

    /** @return the newest time an adjustment was answered, or MIN_VALUE when there is none */
    long lastAnswered() {
        return entries.stream().mapToLong(e -> e.lastAt).max().orElse(Long.MIN_VALUE);
    }

    private void remember(String id, long at) {
        applied.add(new Applied(shorten(id, ID_KEPT), at));
        while (applied.size() > APPLIED_KEPT) {
            reflectedThrough = Math.max(reflectedThrough, applied.remove(0).at());
        }
    }

    /** @return a copy of this state, to try an answer on without changing the series */
    FeedbackTuning copy() {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            write(out);
            out.flush();
            FeedbackTuning copy = new FeedbackTuning(zone);
            copy.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), true);
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @return how much wider the band is at {@code at}: the strongest {@code noise} adjustment covering it */
    double bandFactor(long at) {
        double factor = 1;
        for (Entry e : entries) {
            if (e.answer == FeedbackAnswer.NOISE && e.until > at && covers(e, at)) {
                factor = Math.max(factor, 1 + NOISE_STEP * e.answers);
            }
        }
        return factor;
    }

    /**
     * @return the highest the series may raise its own bar (learned tail times page budget) at {@code at}:
     *     what it was when a {@code useful} answer came; infinite when none holds
     */
    double barCap(long at) {
        double cap = Double.POSITIVE_INFINITY;
        for (Entry e : entries) {
            if (e.answer == FeedbackAnswer.USEFUL && e.until > at) {
                cap = Math.min(cap, e.barCap);
            }
        }
        return cap;
    }

    /** @return how far from the usual a value may be at {@code at} and still be normal: an {@code expected} window's */
    double allowance(long at) {
        double allowance = 0;
        for (Entry e : entries) {
            if (e.answer == FeedbackAnswer.EXPECTED && e.until > at && covers(e, at)) {
                allowance = Math.max(allowance, e.allowance);
            }
        }
        return allowance;
    }

    /** @return the adjustments in force at {@code at} */
    List<Adjustment> active(long at) {
        if (entries.isEmpty()) {
            return List.of();
        }
        List<Adjustment> active = new ArrayList<>();
        for (Entry e : entries) {
            if (e.until > at) {
                active.add(view(e));
            }
        }
        return active;
    }

    private Adjustment view(Entry e) {
        return new Adjustment(e.answer, scope(e), e.since, e.lastAt, e.answers, e.who, e.note, e.until,
                e.answer == FeedbackAnswer.NOISE ? 1 + NOISE_STEP * e.answers : 1, e.allowance);
    }

    /**
     * @return the daily (or weekly) window of the page's time when the series paged within
     *     {@value #HALF_WINDOW_MINUTES} minutes of that time of day on another day of the last
     *     {@value #LOOKBACK_DAYS}: weekly when every such day was a whole number of weeks away; null otherwise
     */
    private int[] recurringSlot(long pageAt) {
        int minute = minuteOf(pageAt, DAY_MINUTES);
        int matched = 0;
        boolean weekly = true;
        for (long p : pages) {
            long apart = Math.abs(pageAt - p);
            if (apart < OTHER_DAY || apart > LOOKBACK_DAYS * DAY
                    || distance(minuteOf(p, DAY_MINUTES), minute, DAY_MINUTES) > HALF_WINDOW_MINUTES) {
                continue;
            }
            matched++;
            weekly &= Math.round((double) apart / DAY) % 7 == 0;
        }
        if (matched == 0) {
            return null;
        }
        return weekly ? new int[] {WEEK_MINUTES, minuteOf(pageAt, WEEK_MINUTES)} : new int[] {DAY_MINUTES, minute};
    }

    private boolean covers(Entry e, long at) {
        return e.period == 0 || distance(minuteOf(at, e.period), e.center, e.period) <= HALF_WINDOW_MINUTES;
    }

    /** @return local minutes since midnight ({@code period} a day) or since Monday midnight (a week) */
    private int minuteOf(long at, int period) {
        long local = at + rules.getOffset(Instant.ofEpochMilli(at)).getTotalSeconds() * 1000L;
        // 1970-01-01 was a Thursday: shift so that weeks start on Monday
        long minutes = Math.floorDiv(local, MINUTE) + 3 * DAY_MINUTES;
        return (int) Math.floorMod(minutes, (long) period);
    }

    private static String shorten(String text, int most) {
        return text.length() <= most ? text : text.substring(0, most - 1) + "…";
    }

    private static int distance(int a, int b, int period) {
        int d = Math.abs(a - b) % period;
        return Math.min(d, period - d);
    }

    private String scope(Entry e) {
        if (e.period == 0) {
            return "whole series";
        }
        int from = Math.floorMod(e.center - HALF_WINDOW_MINUTES, e.period);
        int to = Math.floorMod(e.center + HALF_WINDOW_MINUTES, e.period);
        String z = zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        String prefix = e.period == DAY_MINUTES ? "daily " : WEEKDAYS[from / DAY_MINUTES] + " ";
        return prefix + clock(from % DAY_MINUTES) + "–" + clock(to % DAY_MINUTES) + " " + z;
    }

    private static String clock(int minute) {
        return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
    }

    void write(DataOutput out) throws IOException {
        out.writeByte(pages.size());
        for (long p : pages) {
            out.writeLong(p);
        }
        out.writeByte(entries.size());
        for (Entry e : entries) {
            out.writeByte(e.answer.ordinal());
            out.writeInt(e.period);
            out.writeInt(e.center);
            out.writeLong(e.since);
            out.writeLong(e.lastAt);
            out.writeByte(e.answers);
            out.writeUTF(e.who);
            out.writeUTF(e.note);
            out.writeLong(e.until);
            out.writeDouble(e.allowance);
            out.writeDouble(e.barCap);
        }
        out.writeLong(reflectedThrough);
        out.writeByte(applied.size());
        for (Applied a : applied) {
            out.writeUTF(a.id());
            out.writeLong(a.at());
        }
    }

    /**
     * @param in the state as {@link #write} wrote it
     * @param withApplied whether it holds the ids of the answers applied (format 7 on); format 6 did not
     */
    void read(DataInput in, boolean withApplied) throws IOException {
        int n = in.readUnsignedByte();
        if (n > PAGES) {
            throw new IOException("corrupt feedback: " + n + " page times");
        }
        for (int i = 0; i < n; i++) {
            pages.add(in.readLong());
        }
        int m = in.readUnsignedByte();
        if (m > MAX_ADJUSTMENTS) {
            throw new IOException("corrupt feedback: " + m + " adjustments");
        }
        for (int i = 0; i < m; i++) {
            Entry e = new Entry();
            int answer = in.readUnsignedByte();
            if (answer >= FeedbackAnswer.values().length) {
                throw new IOException("corrupt feedback answer " + answer);
            }
            e.answer = FeedbackAnswer.values()[answer];
            e.period = in.readInt();
            e.center = in.readInt();
            e.since = in.readLong();
            e.lastAt = in.readLong();
            e.answers = in.readUnsignedByte();
            e.who = shorten(in.readUTF(), WHO_KEPT);
            e.note = shorten(in.readUTF(), NOTE_KEPT);
            e.until = in.readLong();
            e.allowance = in.readDouble();
            e.barCap = in.readDouble();
            if ((e.period != 0 && e.period != DAY_MINUTES && e.period != WEEK_MINUTES) || e.center < 0
                    || (e.period > 0 && e.center >= e.period) || e.answers < 1 || e.answers > MAX_ANSWERS
                    || !(e.allowance >= 0) || Double.isNaN(e.barCap)) {
                throw new IOException("corrupt feedback adjustment");
            }
            entries.add(e);
        }
        if (!withApplied) {
            return;
        }
        reflectedThrough = in.readLong();
        int k = in.readUnsignedByte();
        if (k > APPLIED_KEPT) {
            throw new IOException("corrupt feedback: " + k + " applied answer ids");
        }
        for (int i = 0; i < k; i++) {
            applied.add(new Applied(shorten(in.readUTF(), ID_KEPT), in.readLong()));
        }
    }
}
