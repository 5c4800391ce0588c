package io.watchtower.runtime.escalation;

import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.spi.Severity;

import java.util.Locale;

/**
 * The severity a signal is escalated with: the check's declared priority, raised one level when
 * the evidence is strong (score at or above {@code raise-score} on a judged baseline) and one more
 * when it has been firing for {@code raise-after}; never above critical.
 */
final class SeverityPolicy {

    private final EscalationSettings settings;

    SeverityPolicy(EscalationSettings settings) {
        this.settings = settings;
    }

    /**
     * @param signal the signal
     * @param firingForMillis how long it has been firing, measured on the monotonic clock
     * @return its escalated severity
     */
    Severity of(Signal signal, long firingForMillis) {
        Severity declared = signal.severity();
        if (!signal.firing()) {
            return declared;
        }
        int raise = 0;
        boolean judged = signal.baseline() != null && !"learning".equals(signal.baseline().confidence());
        if (judged && signal.score() >= settings.raiseScore()
                && (signal.kind() == SignalKind.ANOMALY || signal.kind() == SignalKind.THRESHOLD)) {
            raise++;
        }
        if (firingForMillis >= settings.raiseAfter().toMillis()) {
            raise++;
        }
        return Severity.values()[Math.max(0, declared.ordinal() - raise)];
    }

    static Severity parse(String wire) {
        return Severity.valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** @return the more severe of the two */
    static Severity max(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
