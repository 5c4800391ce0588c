package io.watchtower.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DetectorSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DetectorSettings d = DetectorSettings.defaults();
        assertThat(d.kind()).isEqualTo(SeriesKind.GAUGE);
        assertThat(d.direction()).isEqualTo(Direction.HIGHER);
        assertThat(d.minimumDelta()).isZero();
        assertThat(d.guardrailAbove()).isNaN();
        assertThat(d.guardrailBelow()).isNaN();
        assertThat(d.warmUp()).isEqualTo(30);
        assertThat(d.window()).isEqualTo(240);
        assertThat(d.threshold()).isEqualTo(4.0);
        assertThat(d.fireAfter()).isEqualTo(3);
        assertThat(d.fireWindow()).isEqualTo(5);
        assertThat(d.resolveAfter()).isEqualTo(3);
        assertThat(d.levelMethod()).isEqualTo(LevelMethod.MEDIAN);
        assertThat(d.ewmaAlpha()).isEqualTo(0.02);
        assertThat(d.seasonal()).isTrue();
        assertThat(d.seasonMinSamples()).isEqualTo(30);
        assertThat(d.seasonMemory()).isEqualTo(360);
        assertThat(d.seasonZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(d.changePoint()).isTrue();
        assertThat(d.cusumDrift()).isEqualTo(1.0);
        assertThat(d.cusumLimit()).isEqualTo(8.0);
        assertThat(d.adoptAfter()).isEqualTo(60);
        assertThat(d.rateWindow()).isEqualTo(64);
        assertThat(d.rateMemory()).isEqualTo(2000);
    }

    @Test
    void withersCopyAndLeaveTheOriginalAlone() {
        DetectorSettings d = DetectorSettings.defaults();
        DetectorSettings paris = d.seasonZone(ZoneId.of("Europe/Paris")).adoptAfter(0).fireWhen(2, 3);
        assertThat(paris.seasonZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(paris.adoptAfter()).isZero();
        assertThat(paris.fireAfter()).isEqualTo(2);
        assertThat(d).isEqualTo(DetectorSettings.defaults()).isNotEqualTo(paris);
        assertThat(paris).isEqualTo(d.seasonZone(ZoneId.of("Europe/Paris")).adoptAfter(0).fireWhen(2, 3));
        assertThat(paris.hashCode()).isEqualTo(
                d.seasonZone(ZoneId.of("Europe/Paris")).adoptAfter(0).fireWhen(2, 3).hashCode());
    }

    @Test
    void theDetectorNamesItsMethod() {
        DetectorSettings d = DetectorSettings.defaults();
        // before a period has been chosen the season says so; the learned tail always judges gauges
        assertThat(new SeriesDetector(d).method()).isEqualTo("rolling-median-mad+no-period+learned-tail+score-likelihood+cusum");
        assertThat(new SeriesDetector(d.levelMethod(LevelMethod.EWMA).seasonal(false).changePoint(false)).method())
                .isEqualTo("ewma+learned-tail+score-likelihood");
        assertThat(new SeriesDetector(d.kind(SeriesKind.RATIO)).method()).isEqualTo("poisson-rate");
        assertThat(new SeriesDetector(d.kind(SeriesKind.STATE)).method()).isEqualTo("stable-state");
    }

    @Test
    void invalidValuesAreRefusedNamingTheirKey() {
        DetectorSettings d = DetectorSettings.defaults();
        assertThatThrownBy(() -> d.window(8)).hasMessageContaining("window");
        assertThatThrownBy(() -> d.threshold(0)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> d.seasonMinSamples(0)).hasMessageContaining("season.min-samples");
        assertThatThrownBy(() -> d.seasonMemory(2)).hasMessageContaining("season.memory");
        assertThatThrownBy(() -> d.cusumDrift(-1)).hasMessageContaining("cusum.drift");
        assertThatThrownBy(() -> d.cusumLimit(Double.NaN)).hasMessageContaining("cusum.limit");
        assertThatThrownBy(() -> d.adoptAfter(-1)).hasMessageContaining("shift.adopt-after");
        assertThatThrownBy(() -> d.rateWindow(1)).hasMessageContaining("rate.window");
        assertThatThrownBy(() -> d.rateMemory(1)).hasMessageContaining("rate.memory");
        assertThatThrownBy(() -> d.ewmaAlpha(0.9)).hasMessageContaining("ewma.alpha");
        assertThatThrownBy(() -> d.fireWhen(4, 3)).hasMessageContaining("fire.after");
        assertThatThrownBy(() -> d.minimumDelta(-1)).hasMessageContaining("minimum-delta");
        assertThatThrownBy(() -> d.guardrailAbove(Double.POSITIVE_INFINITY)).hasMessageContaining("guardrail.above");
        assertThatThrownBy(() -> d.seasonZone(null)).isInstanceOf(NullPointerException.class);
    }
}
