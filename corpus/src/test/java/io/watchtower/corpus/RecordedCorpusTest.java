package io.watchtower.corpus;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedCorpusTest {

    private static LabelledSeries read(String csv) throws IOException {
        return RecordedCorpus.read("r", "rec", Set.of(Trait.STAYS_BAD), new BufferedReader(new StringReader(csv)));
    }

    @Test
    void eachRunOfFaultRowsIsOneAnomalyUpToTheNextRow() throws IOException {
        LabelledSeries s = read("""
                timestamp,value,fault
                100.000,1.5,0
                101.000,1.6,1
                102.000,,1
                103.000,1.4,0
                104.000,9,1
                """);
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.stepMillis()).isEqualTo(1000);
        assertThat(s.values()[2]).isNaN();
        assertThat(s.anomalies()).containsExactly(
                new Anomaly(101_000, 103_000, "fault", Double.NaN),
                new Anomaly(104_000, 105_000, "fault", Double.NaN));
        assertThat(s.traits()).containsExactly(Trait.STAYS_BAD);
    }

    @Test
    void aRowWithoutItsThreeColumnsIsRefusedWithItsLine() {
        assertThatThrownBy(() -> read("timestamp,value,fault\n100,1,0\n101,2\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("r.csv:3");
        assertThatThrownBy(() -> read("timestamp,value,fault\n100,1,0\n101,x,0\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("r.csv:3");
    }
}
