package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The figures of docs/detection.md "Feedback": a latency series (one observation a minute, 20 ms
 * with noise) that gets a nightly batch job from day 8 on, which lifts it to about 60 ms from 06:00 to
 * 06:20 every day and pages. The on-call person answers the first 1, 2 or 3 pages {@code noise} or
 * {@code expected}; the harness counts the pages of the following days. Afterwards, on day 22, a real
 * anomaly outside the window (45 ms for 30 minutes at 14:00) and one inside it (the job lifting the
 * series three times as high) must still fire. Virtual time, the real detector. Run with
 * {@code mvn -B -o -q -pl baseline test -Dtest=FeedbackFiguresTest -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the lines starting with {@code feedback-figures}.
 */
class FeedbackFiguresTest {

    private static final long MONDAY = 1_767_571_200_000L;
    private static final long MINUTE = 60_000;
    private static final long DAY = 1440 * MINUTE;
    private static final int JOB_FROM_DAY = 7;
    private static final int DAYS = 21;

    /** What happened to one run: pages per day, and whether the two real anomalies fired. */
    private record Run(int[] pagesPerDay, int answered, boolean outsideFired, boolean insideFired,
                       List<String> adjustments) {
        int pagesFrom(int day) {
            int n = 0;
            for (int d = day; d < pagesPerDay.length; d++) {
                n += pagesPerDay[d];
            }
            return n;
        }
    }

    private static double value(SplittableRandom r, long at, double job, boolean bigJob, boolean anomaly) {
        double noise = Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        long day = (at - MONDAY) / DAY;
        long minute = ((at - MONDAY) % DAY) / MINUTE;
        double v = 20 + noise;
        if (day >= JOB_FROM_DAY && minute >= 360 && minute < 380) {
            v += (bigJob ? 3 : 1) * job + 2 * noise; // the batch job
        }
        if (anomaly && minute >= 840 && minute < 870) {
            v += 25;
        }
        return v;
    }

    /** Runs the scenario, answering the first {@code answers} pages with {@code answer} (null: never). */
    private static Run run(double job, FeedbackAnswer answer, int answers) {
        SeriesDetector d = new SeriesDetector(DetectorSettings.defaults());
        SplittableRandom r = new SplittableRandom(17);
        int[] pages = new int[DAYS];
        int answered = 0;
        Verdict fired = null;
        for (long at = MONDAY; at < MONDAY + DAYS * DAY; at += MINUTE) {
            Verdict v = d.observe(at, value(r, at, job, false, false));
            if (v.transition() == Transition.FIRED) {
                pages[(int) ((at - MONDAY) / DAY)]++;
                fired = v;
            }
            // the answer comes half an hour after the page
            if (fired != null && at == fired.at() + 30 * MINUTE && answer != null && answered < answers) {
                d.feedback(new Feedback(answer, at, fired.since(), fired.value(), fired.expected(), -1, "oncall-1",
                        "nightly batch job"));
                answered++;
            }
        }
        boolean outside = false;
        boolean inside = false;
        long day22 = MONDAY + DAYS * DAY;
        for (long at = day22; at < day22 + DAY; at += MINUTE) {
            Verdict v = d.observe(at, value(r, at, job, true, true));
            long minute = (at - day22) / MINUTE;
            if (v.transition() == Transition.FIRED) {
                outside |= minute >= 840 && minute < 900;
                inside |= minute >= 360 && minute < 400;
            }
        }
        List<String> described = new ArrayList<>();
        d.adjustments(day22).forEach(a -> described.add(a.describe(java.time.ZoneOffset.UTC)));
        return new Run(pages, answered, outside, inside, described);
    }

    @Test
    void pagesOfALargeDailyRecurringEventAfterOneTwoAndThreeAnswers() {
        figures(40);
    }

    @Test
    void pagesOfASmallDailyRecurringEventAfterOneTwoAndThreeAnswers() {
        figures(6);
    }

    private static void figures(double job) {
        System.out.printf(Locale.ROOT, "feedback-figures job +%.0f ms on a 20 ms series (noise sd 1 ms)%n", job);
        Run none = run(job, null, 0);
        print("no feedback", none);
        assertThat(none.pagesFrom(JOB_FROM_DAY)).as("the job pages without feedback").isGreaterThan(0);
        for (FeedbackAnswer answer : new FeedbackAnswer[] {FeedbackAnswer.NOISE, FeedbackAnswer.EXPECTED}) {
            for (int n = 1; n <= 3; n++) {
                Run run = run(job, answer, n);
                print(answer.wireName() + " x" + n, run);
                assertThat(run.pagesFrom(JOB_FROM_DAY)).as("%s x%d never pages more than without feedback", answer, n)
                        .isLessThanOrEqualTo(none.pagesFrom(JOB_FROM_DAY));
                assertThat(run.outsideFired()).as("%s x%d: a real anomaly outside the window fires", answer, n).isTrue();
                if (job >= 20) {
                    assertThat(run.insideFired()).as("%s x%d: the job three times as large fires", answer, n).isTrue();
                }
                if (answer == FeedbackAnswer.EXPECTED) {
                    assertThat(run.pagesFrom(JOB_FROM_DAY + 3)).as("expected x%d: pages after the third day", n)
                            .isLessThan(none.pagesFrom(JOB_FROM_DAY + 3));
                }
            }
        }
    }

    private static void print(String label, Run run) {
        StringBuilder days = new StringBuilder();
        for (int d = JOB_FROM_DAY; d < DAYS; d++) {
            days.append(run.pagesPerDay()[d]);
        }
        System.out.printf(Locale.ROOT, "feedback-figures %-12s answers given %d  pages days 8-21: %s (total %d)  real "
                        + "anomaly at 14:00 fires: %s  job x3 at 06:00 fires: %s%n", label, run.answered(), days,
                run.pagesFrom(JOB_FROM_DAY),
                run.outsideFired() ? "yes" : "NO", run.insideFired() ? "yes" : "NO");
        run.adjustments().forEach(a -> System.out.println("feedback-figures   " + a));
    }
}
