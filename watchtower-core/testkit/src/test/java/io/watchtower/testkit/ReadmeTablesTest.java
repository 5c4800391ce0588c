package io.watchtower.testkit;

import io.watchtower.spi.Check;
import io.watchtower.spi.Direction;
import io.watchtower.spi.Unit;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeTablesTest {

    private static final String README = String.join("\n",
            "# a tower",
            "",
            "| key | required | default | meaning |",
            "|---|---|---|---|",
            "| `servers` | yes | — | where |",
            "| `password`, `password-file`, `password-env` | no | none | the password |",
            "",
            "| check | kind | unit | worse when | meaning |",
            "|---|---|---|---|---|",
            "| `latency` | gauge | milliseconds | higher (min delta 5 ms) | round trip |",
            "| `role` | state | — | any change | primary or replica |",
            "| `evictions` | counter | per-second | higher | keys evicted |",
            "");

    private static final List<Check> CHECKS = List.of(
            Check.gauge("latency").unit(Unit.MILLISECONDS).describedAs("round trip"),
            Check.state("role").describedAs("role"),
            Check.counter("evictions").describedAs("evicted"));

    @Test
    void readsCheckRowsAndSettingKeys() {
        List<ReadmeTables.CheckRow> rows = ReadmeTables.checkRows(README);
        assertThat(rows).extracting(ReadmeTables.CheckRow::check).containsExactly("latency", "role", "evictions");
        assertThat(rows.get(0).line()).isEqualTo(10);
        assertThat(rows.get(2).kind()).isEqualTo("counter");
        assertThat(ReadmeTables.settingKeys(README)).containsExactly("servers", "password", "password-file", "password-env");
    }

    @Test
    void aTableThatAgreesWithTheChecksHasNoProblems() {
        assertThat(ReadmeTables.checkTableProblems(ReadmeTables.checkRows(README), CHECKS)).isEmpty();
    }

    @Test
    void everyDisagreementIsNamedWithItsLine() {
        List<Check> drifted = List.of(
                Check.gauge("latency").unit(Unit.SECONDS).worseWhen(Direction.LOWER).describedAs("round trip"),
                Check.gauge("role").describedAs("now a gauge"),
                Check.ratio("failures").describedAs("not in the README"));
        String twice = README + "| `latency` | gauge | seconds | lower | again |\n";
        assertThat(ReadmeTables.checkTableProblems(ReadmeTables.checkRows(twice), drifted)).containsExactly(
                "README.md:10: check latency has unit seconds, the table says milliseconds",
                "README.md:10: check latency is worse when lower, the table says higher (min delta 5 ms)",
                "README.md:11: check role is a gauge, the table says state",
                "README.md:11: check role has unit none, the table says —",
                "README.md:11: check role is worse when higher, the table says any change",
                "README.md:12: check evictions is not declared by checks()",
                "README.md:13: check latency is listed twice",
                "README.md: check failures is declared but missing from the checks tables");
    }
}
