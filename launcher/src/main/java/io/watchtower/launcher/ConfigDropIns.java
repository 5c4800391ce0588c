package io.watchtower.launcher;

import com.typesafe.config.Config;
import io.watchtower.runtime.config.ConfigFile;
import io.watchtower.runtime.config.ConfigLoader;
import io.watchtower.runtime.config.ConfigProblem;
import io.watchtower.runtime.config.ConfigReading;
import io.watchtower.runtime.config.DaemonConfig;
import io.watchtower.runtime.config.InvalidConfigException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A configuration file plus a drop-in folder ({@code --conf-dir}, for example
 * {@code /etc/watchtower/conf.d}): every {@code *.conf} there is read in name order and laid over
 * the file, later files winning key by key (objects merge, lists and values are replaced). Problems
 * still name the file and line they come from. A missing folder is an error; an empty one is not.
 */
final class ConfigDropIns {

    private ConfigDropIns() {
    }

    /**
     * @param loader the loader that validates the merged configuration
     * @param file the main configuration file
     * @param dir the drop-in folder, or null for the file alone
     * @return the validated configuration
     * @throws InvalidConfigException listing every problem
     */
    static DaemonConfig load(ConfigLoader loader, Path file, Path dir) {
        return read(loader, file, dir).orThrow();
    }

    /**
     * @param loader the loader that validates the merged configuration
     * @param file the main configuration file
     * @param dir the drop-in folder, or null for the file alone
     * @return the configuration as far as it could be read, with every problem
     */
    static ConfigReading read(ConfigLoader loader, Path file, Path dir) {
        if (dir == null) {
            return loader.read(file);
        }
        if (!Files.isDirectory(dir)) {
            return new ConfigReading(null, List.of(new ConfigProblem(dir.toString(), "-",
                    "configuration folder (--conf-dir) not found or not a folder")));
        }
        if (!Files.isRegularFile(file)) {
            return loader.read(file);
        }
        try {
            Config merged = ConfigFile.parse(file);
            for (Path dropIn : dropIns(dir)) {
                merged = ConfigFile.parse(dropIn).withFallback(merged);
            }
            return loader.read(merged, file);
        } catch (InvalidConfigException e) {
            return new ConfigReading(null, e.problems());
        }
    }

    /** @return the folder's {@code *.conf} regular files, in name order */
    static List<Path> dropIns(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.conf")) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new ConfigProblem(dir.toString(), "-",
                    "cannot list configuration folder: " + e.getMessage())));
        }
        files.sort(null);
        return files;
    }
}
