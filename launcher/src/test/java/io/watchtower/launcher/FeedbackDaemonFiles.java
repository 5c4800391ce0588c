package io.watchtower.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The files of a daemon whose pages are answered in the feedback tests: token files, and a
 * configuration with one latency tower probed every minute, no jitter, no channel, and snapshots
 * and baseline publications an hour apart (so that only an answer or a shutdown writes them).
 */
final class FeedbackDaemonFiles {

    private FeedbackDaemonFiles() {
    }

    /** @return a token file holding {@code secret}, readable by its owner only */
    static Path token(Path dir, String name, String secret) throws Exception {
        Path token = dir.resolve(name);
        Files.writeString(token, secret + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        return token;
    }

    /**
     * @param tokens the entries of {@code api.tokens}, e.g. {@code { name = oncall-1, scope = admin, file = "…" }}
     * @return {@code w.conf} in {@code dir}, keeping its state in {@code state}
     */
    static Path config(Path dir, Path state, String tokens) throws Exception {
        Path config = dir.resolve("w.conf");
        Files.writeString(config, "watchtower {\n host = h\n state-dir = \"" + state + "\"\n"
                + " api { listen = \"127.0.0.1:0\", tokens = [ " + tokens + " ] }\n"
                + " snapshot-interval = 1h\n registry.baseline-interval = 1h\n"
                + " channels = []\n tower-defaults { jitter = 0 }\n"
                + " towers { db { type = latency, component = orders-db, interval = 60s } }\n}\n");
        return config;
    }

    /** @return one {@code api.tokens} entry */
    static String tokenEntry(String name, String scope, Path file) {
        return "{ name = " + name + ", scope = " + scope + ", file = \"" + file + "\" }";
    }
}
