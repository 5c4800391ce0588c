package io.watchtower.runtime;

import com.typesafe.config.Config;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.registry.PostgresSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings a reload cannot apply to a running daemon: {@code state-dir} (every file is open
 * there), {@code host} (the name every journaled signal, series and registry row carries),
 * {@code snapshot-interval} and {@code journal.*} (read once, when the snapshots are scheduled and the
 * journal opens) and the
 * fleet registry's connection, {@code registry.postgres} (its connection pool, the publication
 * outbox and cursor kept for that database and the blind-spot watch's advisory lock on it are held
 * by the running registry; moving them live could split a publication or the watch between two
 * databases). A reload that changes one of them is refused whole, each changed key named, and the
 * running configuration stays in force until a restart.
 */
final class RestartRequired {

    private RestartRequired() {
    }

    /**
     * @param running the settings in force
     * @param next the settings a reload read
     * @return one problem per key that changed and needs a restart; empty when the reload can go on
     */
    static List<ConfigProblem> changes(DaemonSettings running, DaemonSettings next) {
        List<ConfigProblem> problems = new ArrayList<>();
        DaemonConfig was = running.config();
        DaemonConfig now = next.config();
        Config file = now.settings();
        check(problems, file, "state-dir", was.stateDir(), now.stateDir());
        check(problems, file, "host", was.host(), now.host());
        check(problems, file, "snapshot-interval", was.snapshotInterval(), now.snapshotInterval());
        check(problems, file, "journal.max-size", was.journal().maxSize(), now.journal().maxSize());
        check(problems, file, "journal.segments-kept", was.journal().segmentsKept(), now.journal().segmentsKept());
        Optional<PostgresSettings> p = running.registry().postgres();
        Optional<PostgresSettings> q = next.registry().postgres();
        if (p.isPresent() != q.isPresent()) {
            problems.add(problem(file, "registry.postgres", p.isPresent() ? "was removed" : "was added"));
        } else if (p.isPresent()) {
            PostgresSettings a = p.get();
            PostgresSettings b = q.get();
            if (!a.url().equals(b.url())) { // named without a password the URL may hold
                problems.add(problem(file, "registry.postgres.url", "changed from " + a.redactedUrl() + " to "
                        + b.redactedUrl()));
            }
            check(problems, file, "registry.postgres.user", a.user(), b.user());
            if (!Objects.equals(a.password(), b.password())) {
                problems.add(problem(file, "registry.postgres.password-file", "holds another password now"));
            }
            check(problems, file, "registry.postgres.pool-size", a.poolSize(), b.poolSize());
            if (!sameTls(a, b)) {
                problems.add(problem(file, "registry.postgres.tls", "changed"));
            }
        }
        return problems;
    }

    /** The same tls block: CA file, verify and server name (a trust store read again is another object). */
    private static boolean sameTls(PostgresSettings a, PostgresSettings b) {
        if (a.tls() == null || b.tls() == null) {
            return a.tls() == b.tls();
        }
        return Objects.equals(a.tls().caFile(), b.tls().caFile()) && a.tls().verify() == b.tls().verify()
                && Objects.equals(a.tls().serverName(), b.tls().serverName());
    }

    private static void check(List<ConfigProblem> problems, Config file, String key, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            problems.add(problem(file, key, "changed from " + was + " to " + now));
        }
    }

    private static ConfigProblem problem(Config file, String key, String what) {
        String origin = file.hasPath(key) ? ConfigProblem.describe(file.getValue(key).origin())
                : ConfigProblem.describe(file.origin());
        return new ConfigProblem(origin, "watchtower." + key, what + ": this takes effect only on a restart, so "
                + "nothing was reloaded and the running configuration stays in force (restart the daemon to apply it)");
    }
}
