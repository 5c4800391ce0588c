package io.watchtower.launcher;

import io.watchtower.runtime.Daemon;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.plugin.TowerCatalog;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalComposer;
import io.watchtower.runtime.signal.SignalKind;
import io.watchtower.runtime.signal.SignalState;
import io.watchtower.spi.Severity;
import io.watchtower.spi.TowerClock;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real daemon (its own JVM, same journal, escalation, outboxes and channels as production) fed
 * with scripted signals instead of towers: {@code PipelineFeeder CONFIG TOTAL FINGERPRINTS PAUSE_MS}.
 * Signal {@code i} belongs to fingerprint {@code i % FINGERPRINTS}, alternately firing and
 * resolved. After a restart it continues after the last signal in the journal. Prints
 * {@code produced N} after each append and {@code all produced} at the end, then keeps delivering.
 */
public final class PipelineFeeder {

    static final String COMPONENT = "feed-";

    private PipelineFeeder() {
    }

    public static void main(String[] args) throws Exception {
        int total = Integer.parseInt(args[1]);
        int fingerprints = Integer.parseInt(args[2]);
        long pause = Long.parseLong(args[3]);
        Daemon daemon = Daemon.start(new ConfigLoader(System.getenv()).load(Path.of(args[0])), TowerCatalog.of(),
                TowerClock.system(), Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close));
        long produced = daemon.journal().readAll().stream().filter(s -> s.component().startsWith(COMPONENT)).count();
        System.out.println("resumed at " + produced);
        for (int i = (int) produced; i < total; i++) {
            daemon.journal().append(signal(i, fingerprints));
            System.out.println("produced " + (i + 1));
            System.out.flush();
            if (pause > 0) {
                Thread.sleep(pause);
            }
        }
        System.out.println("all produced");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static String fingerprint(int fp) {
        return String.format("fee0%012x", fp);
    }

    /** The i-th scripted signal. */
    static Signal signal(int i, int fingerprints) {
        int fp = i % fingerprints;
        int cycle = i / fingerprints;
        String state = cycle % 2 == 0 ? "firing" : "resolved";
        long since = 1_767_000_000_000L + (cycle / 2) * 60_000L;
        String fingerprint = fingerprint(fp);
        String at = SignalComposer.iso(since + (cycle % 2) * 30_000L);
        return new Signal(Signal.SCHEMA, SignalComposer.id(fingerprint, state, since), fingerprint,
                new Signal.TowerRef("feed-tower", "scripted", "feeder", "0.1.0"), COMPONENT + fp, "", "events",
                SignalKind.ANOMALY, SignalState.of(state), Severity.HIGH, (double) i, null, null, "count",
                new Signal.BaselineRef(1.0, 0.0, 2.0, "rolling-median-mad", 100, "ready", "global", null), 0.6,
                SignalComposer.iso(since), at, "events of " + COMPONENT + fp + " signal #" + i + " " + state, List.of(),
                Map.of("index", Integer.toString(i)), List.of(), "", Map.of(), false);
    }
}
