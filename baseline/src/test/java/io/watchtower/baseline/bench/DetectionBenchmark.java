package io.watchtower.baseline.bench;

import io.watchtower.baseline.SeriesDetector;
import io.watchtower.baseline.Transition;
import io.watchtower.baseline.Verdict;
import io.watchtower.baseline.bench.LabelledSeries.Event;
import io.watchtower.baseline.bench.ScenarioSuite.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the labelled scenario suite through {@link SeriesDetector} with each scenario's settings
 * and prints, per scenario: precision, recall, detection delay and false alarms per simulated
 * week, then checks the targets.
 *
 * <p>An alarm is a FIRED transition. It is true when it starts inside an injected anomaly or
 * within {@link #GRACE} samples after it ends; otherwise it is a false alarm (including any alarm
 * inside a batch-job window after the learning period). An anomaly is detected when an alarm
 * starts inside that range, or when the series is already firing as it begins; the delay is the
 * number of samples from its first sample to the alarm.
 *
 * <p>Run: {@code mvn -q -o -pl baseline test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.watchtower.baseline.bench.DetectionBenchmark}
 */
public final class DetectionBenchmark {

    static final int GRACE = 10;
    /** False alarms after this much series time are counted apart: the model had three daily cycles. */
    static final long SETTLED_AFTER = 3 * 86_400_000L;

    /** What one scenario scored over all its series. */
    record Result(Scenario scenario, int series, int events, int detected, int trueAlarms, int falseAlarms,
                  int quietViolations, double weeks, double[] delays, long observations, int settledFalseAlarms) {

        double precision() {
            int alarms = trueAlarms + falseAlarms;
            return alarms == 0 ? Double.NaN : trueAlarms / (double) alarms;
        }

        double recall() {
            return events == 0 ? Double.NaN : detected / (double) events;
        }

        double falseAlarmsPerSeriesWeek() {
            return falseAlarms / (weeks);
        }

        double medianDelay() {
            return median(delays);
        }
    }

    private DetectionBenchmark() {
    }

    /** @return the results of every scenario of the suite */
    public static List<Result> run() {
        return run(ScenarioSuite.all());
    }

    static List<Scenario> allScenarios() {
        List<Scenario> all = new ArrayList<>(ScenarioSuite.all());
        all.addAll(FieldFamilies.all());
        return all;
    }

    static List<Result> run(List<Scenario> scenarios) {
        List<Result> results = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            results.add(run(scenario));
        }
        return results;
    }

    static Result run(Scenario scenario) {
        int events = 0;
        int detected = 0;
        int trueAlarms = 0;
        int falseAlarms = 0;
        int quietViolations = 0;
        int settledFalseAlarms = 0;
        double weeks = 0;
        long observations = 0;
        List<Double> delays = new ArrayList<>();
        for (int k = 0; k < ScenarioSuite.SERIES_PER_SCENARIO; k++) {
            LabelledSeries s = scenario.generator().apply(1000L + 17L * k);
            SeriesDetector detector = new SeriesDetector(scenario.settings());
            boolean[] firedAt = new boolean[s.size()];
            boolean[] firingAt = new boolean[s.size()];
            for (int i = 0; i < s.size(); i++) {
                Verdict v = switch (s.feed) {
                    case GAUGE -> detector.observe(s.at[i], s.value[i]);
                    case COUNTER -> detector.observeCounter(s.at[i], s.value[i]);
                    case RATIO -> detector.observeRatio(s.at[i], s.failures[i], s.attempts[i]);
                };
                firedAt[i] = v.transition() == Transition.FIRED;
                firingAt[i] = v.firing();
            }
            observations += s.size();
            weeks += (s.at[s.size() - 1] - s.at[0]) / (7 * 86_400_000.0);
            events += s.events.size();
            boolean[] explained = new boolean[s.size()];
            for (Event e : s.events) {
                int to = Math.min(s.size(), e.end() + GRACE);
                int first = -1;
                for (int i = e.start(); i < to; i++) {
                    if (firedAt[i]) {
                        explained[i] = true;
                        if (first < 0) {
                            first = i;
                        }
                    }
                }
                boolean already = e.start() > 0 && firingAt[e.start() - 1];
                if (first >= 0 || already) {
                    detected++;
                    delays.add(already && (first < 0 || !firedAt[e.start()]) ? 0.0 : (double) (first - e.start()));
                }
            }
            for (int i = 0; i < s.size(); i++) {
                if (!firedAt[i]) {
                    continue;
                }
                boolean inQuiet = false;
                for (int[] q : s.quiet) {
                    inQuiet |= i >= q[0] && i < q[1];
                }
                if (inQuiet) {
                    quietViolations++;
                }
                if (explained[i] && !inQuiet) {
                    trueAlarms++;
                } else {
                    falseAlarms++;
                    if (s.at[i] - s.at[0] >= SETTLED_AFTER) {
                        settledFalseAlarms++;
                    }
                }
            }
        }
        double[] d = delays.stream().mapToDouble(Double::doubleValue).toArray();
        return new Result(scenario, ScenarioSuite.SERIES_PER_SCENARIO, events, detected, trueAlarms, falseAlarms,
                quietViolations, weeks, d, observations, settledFalseAlarms);
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] copy = values.clone();
        Arrays.sort(copy);
        int h = copy.length / 2;
        return copy.length % 2 == 1 ? copy[h] : (copy[h - 1] + copy[h]) / 2;
    }

    /** The suite-wide figures the targets are stated on. */
    record Summary(double sizedRecall, double sizedMedianDelay, double worstCleanFalseAlarms,
                   int batchJobFlagged) {

        boolean met() {
            return sizedRecall >= 0.9 && sizedMedianDelay <= 3 && worstCleanFalseAlarms <= 1
                    && batchJobFlagged == 0;
        }
    }

    static Summary summarise(List<Result> results) {
        int events = 0;
        int detected = 0;
        List<Double> delays = new ArrayList<>();
        double worst = 0;
        int flagged = 0;
        for (Result r : results) {
            if (r.scenario().sizedTarget()) {
                events += r.events();
                detected += r.detected();
                for (double d : r.delays()) {
                    delays.add(d);
                }
            }
            if (r.scenario().anomalyFree()) {
                worst = Math.max(worst, r.falseAlarmsPerSeriesWeek());
            }
            flagged += r.quietViolations();
        }
        return new Summary(events == 0 ? Double.NaN : detected / (double) events,
                median(delays.stream().mapToDouble(Double::doubleValue).toArray()), worst, flagged);
    }

    static String table(List<Result> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "| %-18s | %6s | %6s | %9s | %6s | %12s | %8s | %6s | %9s |%n", "scenario",
                "events", "recall", "precision", "delay", "false/series-week", "alarms", "obs", "after 3 d"));
        b.append("|--------------------|-------:|-------:|----------:|-------:|------------------:|---------:|-------:|----------:|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %-18s | %6d | %6s | %9s | %6s | %17.2f | %8d | %6d | %9d |%n",
                    r.scenario().name(), r.events(), fmt(r.recall()), fmt(r.precision()), fmt(r.medianDelay()),
                    r.falseAlarmsPerSeriesWeek(), r.trueAlarms() + r.falseAlarms(), r.observations(),
                    r.settledFalseAlarms()));
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * Prints the table and the targets; exits 1 when a target is missed.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        List<Result> results = args.length > 0 && args[0].equals("field") ? run(FieldFamilies.all())
                : args.length > 0 && args[0].equals("all") ? run(allScenarios()) : run();
        System.out.print(table(results));
        Summary s = summarise(results);
        System.out.printf(Locale.ROOT, "%nsized anomalies (>= 5 σ): recall %.3f (target >= 0.9), median delay %.1f "
                        + "samples (target <= 3)%nworst anomaly-free scenario: %.2f false alarms per series-week "
                        + "(target <= 1)%ndaily batch job flagged after two weeks: %d times (target 0)%n%s%n",
                s.sizedRecall(), s.sizedMedianDelay(), s.worstCleanFalseAlarms(), s.batchJobFlagged(),
                s.met() ? "ALL TARGETS MET" : "TARGETS MISSED");
        if (!s.met()) {
            System.exit(1);
        }
    }
}
