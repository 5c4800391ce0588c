package io.watchtower.runtime.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders of the state dir that only the daemon's user can read: signals, silences,
 * the audit log and outboxes say a lot about the infrastructure. Files are created {@code 0600}
 * and folders {@code 0700} whatever the umask (outside systemd it is usually {@code 022}); an
 * existing file opened for writing is narrowed to {@code 0600}. Existing folders are left as
 * they are (the state dir may be a shared path chosen by the operator).
 */
public final class OwnerOnly {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnly() {
    }

    /**
     * Creates a folder and its missing parents, each {@code 0700}.
     *
     * @param dir the folder
     * @return the folder
     * @throws IOException when it cannot be created
     */
    public static Path directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        if (POSIX) {
            Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(absolute);
        }
        return dir;
    }

    /**
     * Opens a file like {@link FileChannel#open(Path, OpenOption...)}, creating it {@code 0600}
     * (its folder {@code 0700}) and narrowing an existing one to {@code 0600}.
     *
     * @param file the file
     * @param options how to open it
     * @return the channel
     * @throws IOException when it cannot be opened
     */
    public static FileChannel open(Path file, OpenOption... options) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            directories(parent);
        }
        if (!POSIX) {
            return FileChannel.open(file, options);
        }
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(FILE);
        FileChannel channel = FileChannel.open(file, Set.of(options), mode);
        if (!Files.getPosixFilePermissions(file).equals(FILE)) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return channel;
    }
}
