package io.watchtower.launcher;

import io.watchtower.runtime.config.SecretRedactor;
import io.watchtower.runtime.probe.RunningTower;
import io.watchtower.runtime.probe.TowerInstance;
import io.watchtower.runtime.series.Observation;
import io.watchtower.runtime.series.ProbeResult;
import io.watchtower.spi.Check;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code watchtower probe} prints about one probe: timings, every observation (target, check,
 * kind, value, unit), the context per target, the tower's log lines, and a verdict that says
 * whether the tower could see. Every line passes through the tower's {@link SecretRedactor}.
 */
final class ProbeReport {

    /** The tower saw every target it reported. */
    static final int SAW_EVERYTHING = 0;
    /** The probe completed, but at least one target was unreachable. */
    static final int TARGET_UNREACHABLE = 1;
    /** The probe failed as a whole, or ran past its timeout. */
    static final int PROBE_FAILED = 2;

    private final TowerInstance instance;
    private final String type;
    private final ProbeResult result;
    private final List<String> logLines;
    private final SecretRedactor redactor;

    ProbeReport(TowerInstance instance, String type, ProbeResult result, List<String> logLines, SecretRedactor redactor) {
        this.instance = instance;
        this.type = type;
        this.result = result;
        this.logLines = List.copyOf(logLines);
        this.redactor = redactor;
    }

    /** @return {@link #SAW_EVERYTHING}, {@link #TARGET_UNREACHABLE} or {@link #PROBE_FAILED} */
    int exitCode() {
        if (result.outcome() != ProbeResult.Outcome.OK) {
            return PROBE_FAILED;
        }
        boolean unreachable = result.observations().stream().anyMatch(o -> o.type() == Observation.Type.UNREACHABLE);
        return unreachable ? TARGET_UNREACHABLE : SAW_EVERYTHING;
    }

    void print(PrintStream out) {
        Instant start = Instant.ofEpochMilli(result.at());
        out.println(line("tower " + instance.id() + " (" + type + "), component " + instance.registration().info().component()));
        out.println(line(String.format(Locale.ROOT, "started %s, took %.1f ms, deadline %s (timeout %d ms at %s)",
                start, result.durationNanos() / 1e6, start.plus(RunningTower.towerBudget(instance.timeout())),
                instance.timeout().toMillis(), start.plus(instance.timeout()))));
        out.println(line("outcome: " + result.outcome().wireName() + (result.failure() == null ? "" : ": " + result.failure())));
        out.println();
        printObservations(out);
        printContext(out);
        out.println("log (" + logLines.size() + (logLines.size() == 1 ? " line)" : " lines)") + (logLines.isEmpty() ? "" : ":"));
        logLines.forEach(l -> out.println("  " + line(l)));
        if (result.drops().total() > 0) {
            out.println(line("dropped observations: " + result.drops().overCap() + " over the cap, "
                    + result.drops().invalid() + " without a check"));
        }
        out.println();
        out.println(verdict());
    }

    private void printObservations(PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TARGET", "CHECK", "KIND", "VALUE", "UNIT"});
        Map<String, Check> checks = instance.registration().checks();
        for (Observation o : result.observations()) {
            Check check = checks.get(o.check());
            String unit = check == null ? "" : check.unit().wireName();
            String name = o.type() == Observation.Type.UNREACHABLE ? "-" : o.check()
                    + (o.type() != Observation.Type.UNREACHABLE && check == null ? " (undeclared)" : "");
            rows.add(new String[] {line(o.target()), line(name), kind(o, check), line(value(o)),
                    o.type() == Observation.Type.UNREACHABLE || o.type() == Observation.Type.STATE ? "" : unit});
        }
        out.println("observations (" + result.observations().size() + "):");
        int[] width = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                b.append(i < row.length - 1 ? String.format("%-" + (width[i] + 2) + "s", row[i]) : row[i]);
            }
            out.println(b.toString().stripTrailing());
        }
        out.println();
    }

    private static String kind(Observation o, Check check) {
        String kind = o.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (check != null && o.type() != Observation.Type.UNREACHABLE && !o.type().fits(check.kind())) {
            kind += " (declared " + check.kind().name().toLowerCase(Locale.ROOT) + ")";
        }
        return kind;
    }

    private static String value(Observation o) {
        switch (o.type()) {
            case RATIO:
                return o.failures() + " of " + o.attempts();
            case RATIO_TOTALS:
                return o.failures() + " of " + o.attempts() + " so far (a ratio from the next probe on)";
            case COUNTER:
                return "total " + number(o.value()) + " (a rate from the next probe on)";
            case STATE:
            case UNREACHABLE:
                return String.valueOf(o.state());
            default:
                return number(o.value());
        }
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6g", value).replaceFirst("\\.?0+(e|$)", "$1");
    }

    private void printContext(PrintStream out) {
        if (result.context().isEmpty()) {
            return;
        }
        out.println("context:");
        result.context().forEach((target, values) -> {
            out.println(line("  " + target + ":"));
            values.forEach((k, v) -> out.println(line("    " + k + " = " + v)));
        });
        out.println();
    }

    private String verdict() {
        switch (exitCode()) {
            case SAW_EVERYTHING:
                return "saw everything (exit " + SAW_EVERYTHING + ")";
            case TARGET_UNREACHABLE:
                long targets = result.observations().stream().filter(o -> o.type() == Observation.Type.UNREACHABLE)
                        .map(Observation::target).distinct().count();
                return "could not see " + targets + (targets == 1 ? " target" : " targets") + " (exit " + TARGET_UNREACHABLE + ")";
            default:
                return "the probe " + (result.outcome() == ProbeResult.Outcome.TIMEOUT ? "timed out" : "failed")
                        + " (exit " + PROBE_FAILED + ")";
        }
    }

    private String line(String text) {
        return redactor.redact(text);
    }
}
