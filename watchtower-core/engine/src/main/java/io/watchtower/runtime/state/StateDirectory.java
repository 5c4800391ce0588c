package io.watchtower.runtime.state;

import com.typesafe.config.ConfigOrigin;
import io.watchtower.runtime.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the state dir can be used: a directory the daemon can create files in, or a path it can
 * create. Checked by trying, and undoing the try: permissions alone do not tell (root, read-only
 * mounts, ACLs).
 */
public final class StateDirectory {

    private static final String KEY = "watchtower.state-dir";

    private StateDirectory() {
    }

    /**
     * @param dir the state dir
     * @param origin where it is set
     * @return a problem naming the key and what is wrong, or none
     */
    public static List<ConfigProblem> problems(Path dir, ConfigOrigin origin) {
        String where = ConfigProblem.describe(origin);
        if (dir.toString().isEmpty()) {
            return List.of();
        }
        Path absolute = dir.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            return List.of(new ConfigProblem(where, KEY, dir + " is not a directory"));
        }
        if (Files.isDirectory(absolute)) {
            try {
                Path probe = Files.createTempFile(absolute, ".write-check-", ".tmp");
                Files.delete(probe);
                return List.of();
            } catch (IOException e) {
                return List.of(new ConfigProblem(where, KEY, "cannot create files in " + dir + ": "
                        + ConfigProblem.reason(e)));
            }
        }
        Path missing = absolute;
        while (missing.getParent() != null && !Files.exists(missing.getParent())) {
            missing = missing.getParent();
        }
        Path parent = missing.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            return List.of(new ConfigProblem(where, KEY, "cannot create " + dir + ": " + parent
                    + " is not a directory"));
        }
        try {
            Files.createDirectory(missing);
            Files.delete(missing);
            return List.of();
        } catch (IOException e) {
            return List.of(new ConfigProblem(where, KEY, "cannot create " + dir + ": " + ConfigProblem.reason(e)));
        }
    }
}
