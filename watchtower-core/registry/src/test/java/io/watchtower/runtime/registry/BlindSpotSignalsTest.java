package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.TestSignals;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.spi.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BlindSpotSignalsTest {

    private static SignalComposer.SilentTower silent(TowerRecord t) {
        return new SignalComposer.SilentTower(t.id(), t.type(), t.host(), t.version(), t.component(), t.heartbeatMs(),
                t.heartbeatIntervalMs());
    }

    @Test
    void firingAndResolvedShareFingerprintAndFollowSchemaV1() {
        SignalComposer.SilentTower silent = silent(RegistryRecords.tower("web-2", "db-path", 1_000_000));
        Signal fired = SignalComposer.heartbeatBlindSpot(silent, true, 1_003_000, 1_003_400, "web-1");
        Signal resolved = SignalComposer.heartbeatBlindSpot(silent, false, 1_003_000, 1_010_000, "web-1");
        TestSignals.assertValid(fired);
        TestSignals.assertValid(resolved);
        assertThat(fired.fingerprint()).isEqualTo(resolved.fingerprint())
                .isEqualTo(SignalComposer.heartbeatFingerprint("web-2", "db-path"));
        assertThat(fired.id()).isNotEqualTo(resolved.id())
                .isEqualTo(SignalComposer.heartbeatBlindSpot(silent, true, 1_003_000, 1_009_000, "web-3").id());
        assertThat(fired.kind()).isEqualTo(SignalKind.BLIND_SPOT);
        assertThat(fired.state()).isEqualTo(SignalState.FIRING);
        assertThat(resolved.state()).isEqualTo(SignalState.RESOLVED);
        assertThat(fired.severity()).isEqualTo(Severity.HIGH);
        assertThat(fired.tower().host()).isEqualTo("web-2");
        assertThat(fired.summary()).isEqualTo("No heartbeat from tower db-path on web-2 since 1970-01-01T00:16:40Z"
                + " (3.4 s; expected every 1.0 s): nobody watches orders-db from web-2.");
        assertThat(resolved.summary()).isEqualTo("Tower db-path on web-2 heartbeats again after about 10.0 s of silence"
                + " (blind from 1970-01-01T00:16:43Z).");
    }
}
