package io.watchtower.runtime.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a whole state file so that, after a crash at any moment, it holds either the old
 * content or the new one, never a mix: the content goes to {@code <name>.tmp} in the same folder
 * (created {@code 0600}, the folder {@code 0700}), is forced to disk, renamed over the file
 * (atomically where the filesystem can), and the folder is forced so the rename itself survives a
 * power loss. Snapshots, silences, escalation state, the journal's state, the channel outboxes'
 * compaction and the registry's files and cursors are all written this way.
 *
 * <pre>{@code
 * AtomicFile.write(stateDir.resolve("silences.json"), json);
 * }</pre>
 */
public final class AtomicFile {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);
    private static final AtomicFile FILES = new AtomicFile(AtomicFile::forceDirectory);

    /** Forces a folder's entries (a rename in it) to disk. */
    @FunctionalInterface
    interface DirectorySync {
        /**
         * @param dir the folder
         * @throws IOException when it cannot be forced
         */
        void force(Path dir) throws IOException;
    }

    private final DirectorySync directorySync;

    AtomicFile(DirectorySync directorySync) {
        this.directorySync = directorySync;
    }

    /**
     * Replaces a file's content atomically and durably.
     *
     * @param file the file
     * @param content its new content
     * @throws IOException when the folder cannot be written; the old content is then untouched
     */
    public static void write(Path file, byte[] content) throws IOException {
        FILES.replace(file, content);
    }

    /**
     * Writes the content next to the file, forced to disk, without putting it in place yet: for a
     * change of several files that must happen in a certain order (the journal's rotation).
     *
     * @param file the file it will replace
     * @param content the new content
     * @return the staged content, to {@link Staged#commit()} or {@link Staged#discard()}
     * @throws IOException when it cannot be written
     */
    public static Staged stage(Path file, byte[] content) throws IOException {
        return FILES.prepare(file, content);
    }

    /**
     * Renames a file over another (atomically where the filesystem can) and forces the folder.
     *
     * @param from the file to move
     * @param to where it goes; replaced when it exists
     * @throws IOException when it cannot be moved
     */
    public static void rename(Path from, Path to) throws IOException {
        FILES.move(from, to);
    }

    void replace(Path file, byte[] content) throws IOException {
        prepare(file, content).commit();
    }

    Staged prepare(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = OwnerOnly.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp); // a full disk gets back what the half-written file took
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return new Staged(this, tmp, file);
    }

    void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        Path dir = to.toAbsolutePath().getParent();
        try {
            directorySync.force(dir);
        } catch (IOException e) {
            // some filesystems cannot force a folder; the rename is still atomic, only its durability waits
            LOG.debug("cannot fsync directory {}: {}", dir, e.getMessage());
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /** New content forced to disk next to the file it will replace, not in place yet. */
    public static final class Staged {

        private final AtomicFile files;
        private final Path temporary;
        private final Path file;

        private Staged(AtomicFile files, Path temporary, Path file) {
            this.files = files;
            this.temporary = temporary;
            this.file = file;
        }

        /** @return where the content is until it is committed */
        public Path temporary() {
            return temporary;
        }

        /**
         * Puts the content in place: rename, then the folder forced.
         *
         * @throws IOException when it cannot be renamed
         */
        public void commit() throws IOException {
            files.move(temporary, file);
        }

        /**
         * Throws the staged content away.
         *
         * @throws IOException when it cannot be deleted
         */
        public void discard() throws IOException {
            Files.deleteIfExists(temporary);
        }
    }
}
