package io.watchtower.launcher;

import com.typesafe.config.ConfigFactory;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.EscalationConfig;
import io.watchtower.runtime.escalation.Member;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.spi.Severity;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Signals and notifications for channel tests. */
final class ChannelSignals {

    private ChannelSignals() {
    }

    /** @return the escalation and delivery settings of an empty configuration: reference.conf's */
    static EscalationConfig defaultEscalation() {
        return new ConfigLoader(Map.of()).validate(ConfigFactory.parseString("watchtower {}"), Path.of("t.conf"))
                .escalation();
    }

    static String fingerprint(String component, String check) {
        String h = Integer.toHexString((component + "/" + check).hashCode());
        return ("0000000000000000" + h).substring(h.length());
    }

    static Signal signal(String host, String component, String check, String state, String severity, Instant since,
                         Instant at) {
        String fp = fingerprint(component, check);
        return new Signal(Signal.SCHEMA, SignalComposer.id(fp, state, since.toEpochMilli()), fp,
                new Signal.TowerRef(component + "-tower", "scripted", host, "0.1.0"), component, "", check, SignalKind.ANOMALY,
                SignalState.of(state), Severity.valueOf(severity.toUpperCase(Locale.ROOT)), 12.4, null, null, "seconds",
                new Signal.BaselineRef(0.3, 0.0, 1.2, "rolling-median-mad", 2016, "ready", "sat-20h", null), 0.97,
                since.toString(), at.toString(), check + " of " + component + " is " + state, List.of(), Map.of(),
                List.of(), "https://runbooks.example/" + check, Map.of("team", "payments"), false);
    }

    /** One notification led by {@code lead}, its group being {@code lead} then {@code others}. */
    static Notification notification(Signal lead, Signal... others) {
        List<Member> group = new java.util.ArrayList<>();
        group.add(Member.of(lead, lead.severity().wireName(), null));
        for (Signal s : others) {
            group.add(Member.of(s, s.severity().wireName(), null));
        }
        return new Notification(lead, new Notification.Escalation(lead.id(), lead.state().wireName(),
                lead.severity().wireName(), lead.severity().wireName(), 30, group, List.of(), null));
    }
}
