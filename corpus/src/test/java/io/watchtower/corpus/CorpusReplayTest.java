package io.watchtower.corpus;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.watchtower.spi.Check;
import io.watchtower.tower.postgres.PostgresTowerFactory;
import io.watchtower.tower.redisqueue.RedisQueueTowerFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusReplayTest {

    private static LabelledSeries steady(String name, int rows, int stepFrom, double step, boolean gaps) {
        long[] at = new long[rows];
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            at[i] = 1_700_000_000_000L + i * 60_000L;
            v[i] = 10 + (i % 7) * 0.1 + (i >= stepFrom ? step : 0);
            if (gaps && i % 50 == 7) {
                v[i] = Double.NaN;
            }
        }
        return new LabelledSeries(name, "test", 60_000L, at, v,
                List.of(new Anomaly(at[stepFrom], at[rows - 1] + 60_000L, "shift", 100)), Set.of(), 0);
    }

    @Test
    void replayJudgesEveryRowAndFiresOnlyAfterTheStepInEitherDirection() throws IOException {
        LabelledSeries up = steady("up", 400, 300, 50, false);
        LabelledSeries down = steady("down", 400, 300, -5, true);
        Map<String, boolean[]> firing = CorpusReplay.firing(List.of(up, down), CorpusReplay.SETTINGS);
        for (LabelledSeries s : List.of(up, down)) {
            boolean[] f = firing.get(s.name());
            assertThat(f).as(s.name()).hasSize(s.size());
            for (int i = 0; i < 300; i++) {
                assertThat(f[i]).as("%s row %d", s.name(), i).isFalse();
            }
            boolean fired = false;
            for (int i = 300; i < 310; i++) {
                fired |= f[i];
            }
            assertThat(fired).as("%s fires within 10 rows of the step", s.name()).isTrue();
        }
    }

    /** Three days of a lag of a few entries a minute, then eight hours stuck around 100, then caught up. */
    private static LabelledSeries lag(String name, Set<Trait> traits) {
        int from = 3 * 1440;
        int until = from + 8 * 60;
        int rows = until + 60;
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        long[] at = new long[rows];
        double[] v = new double[rows];
        for (int i = 0; i < rows; i++) {
            at[i] = 1_700_000_000_000L + i * 60_000L;
            v[i] = i >= from && i < until ? 100 + random.nextInt(6) : 2 + random.nextInt(7);
        }
        return new LabelledSeries(name, "test", 60_000L, at, v,
                List.of(new Anomaly(at[from], at[until], "stuck-high", 30)), traits, 0);
    }

    @Test
    void onlySeriesWhoseCheckDeclaresItAreReplayedWithBadNeverNormal() throws IOException {
        LabelledSeries declared = lag("declared", Set.of(Trait.STAYS_BAD, Trait.DECLARED_BAD_NEVER_NORMAL));
        LabelledSeries undeclared = lag("undeclared", Set.of(Trait.STAYS_BAD));
        Map<String, boolean[]> firing = CorpusReplay.firing(List.of(declared, undeclared), CorpusReplay.SETTINGS);
        int from = 3 * 1440;
        int until = from + 8 * 60;
        boolean[] held = firing.get("declared");
        for (int i = from + 10; i < until; i++) {
            assertThat(held[i]).as("declared: firing %d rows into the stuck lag", i - from).isTrue();
        }
        boolean[] adopted = firing.get("undeclared");
        boolean resolvedWhileStuck = false;
        for (int i = from + 10; i < until; i++) {
            resolvedWhileStuck |= !adopted[i];
        }
        assertThat(resolvedWhileStuck).as("undeclared: the same values resolve while stuck").isTrue();
    }

    @Test
    void aDeclaredSeriesIsJudgedAsItsCheckDeclaresOverTheCorpusSetting() {
        LabelledSeries declared = lag("declared", Set.of(Trait.DECLARED_BAD_NEVER_NORMAL));
        LabelledSeries plain = lag("plain", Set.of());
        assertThat(CorpusReplay.settingsFor(plain, CorpusReplay.SETTINGS)).isEqualTo(CorpusReplay.SETTINGS);
        Config flat = ConfigFactory.parseString(CorpusReplay.settingsFor(declared, CorpusReplay.SETTINGS));
        assertThat(flat.getBoolean("bad-never-normal")).isTrue();
        assertThat(flat.getString("worse-when")).isEqualTo("higher");
        Config wrapped = ConfigFactory.parseString(
                CorpusReplay.settingsFor(declared, "baseline { threshold = 5, worse-when = both }"));
        assertThat(wrapped.root().keySet()).containsExactly("baseline");
        assertThat(wrapped.getBoolean("baseline.bad-never-normal")).isTrue();
        assertThat(wrapped.getString("baseline.worse-when")).isEqualTo("higher");
        assertThat(wrapped.getInt("baseline.threshold")).isEqualTo(5);
    }

    @Test
    void theDeclarationIsWhatTheTowersDeclareForTheChecksTheDeclaredSeriesRecord() {
        Config declaration = ConfigFactory.parseString(CorpusReplay.DECLARATION);
        Check groupLag = check(new RedisQueueTowerFactory().checks(), "group_lag");
        Check lockWaiters = check(new PostgresTowerFactory().checks(), "lock_waiters");
        Check longestTransaction = check(new PostgresTowerFactory().checks(), "longest_transaction");
        for (Check c : List.of(groupLag, lockWaiters, longestTransaction)) {
            assertThat(c.isBadNeverNormal()).as(c.name()).isEqualTo(declaration.getBoolean("bad-never-normal"));
            assertThat(c.worseWhen().name().toLowerCase(Locale.ROOT)).as(c.name())
                    .isEqualTo(declaration.getString("worse-when"));
        }
    }

    private static Check check(List<Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
