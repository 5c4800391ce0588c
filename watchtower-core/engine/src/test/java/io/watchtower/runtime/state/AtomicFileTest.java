package io.watchtower.runtime.state;

import io.watchtower.runtime.journal.SmallTmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replacing a state file whole: old or new content after any failure, owner-only, the folder forced. */
class AtomicFileTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheContentOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("state/silences.json");
        AtomicFile.write(file, bytes("[1]"));
        AtomicFile.write(file, bytes("[1,2]"));
        assertThat(Files.readString(file)).isEqualTo("[1,2]");
        assertThat(names(file.getParent())).containsExactly("silences.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .as("a folder it had to create").isEqualTo("rwx------");
    }

    @Test
    void anExistingFileOpenToOthersIsReplacedByAnOwnerOnlyOne() throws Exception {
        Path file = Files.writeString(dir.resolve("towers.json"), "[]");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("towers.json.tmp"), "left by a crash");
        Files.setPosixFilePermissions(dir.resolve("towers.json.tmp"), PosixFilePermissions.fromString("rw-rw-rw-"));
        AtomicFile.write(file, bytes("[{}]"));
        assertThat(Files.readString(file)).isEqualTo("[{}]");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theFolderIsForcedAfterTheRename() throws Exception {
        Path file = dir.resolve("escalation.json");
        List<String> seenAtSync = new ArrayList<>();
        AtomicFile files = new AtomicFile(folder -> {
            seenAtSync.add(folder + " holds " + names(folder) + " with " + Files.readString(file));
            try (java.nio.channels.FileChannel real = java.nio.channels.FileChannel.open(folder,
                    java.nio.file.StandardOpenOption.READ)) {
                real.force(true); // the real thing still works on this filesystem
            }
        });
        files.replace(file, bytes("{\"offset\":42}"));
        assertThat(seenAtSync).containsExactly(dir.toAbsolutePath() + " holds [escalation.json] with {\"offset\":42}");
    }

    @Test
    void aFolderThatCannotBeForcedDoesNotFailTheWrite() throws Exception {
        Path file = dir.resolve("cursor");
        List<Path> tried = new ArrayList<>();
        AtomicFile files = new AtomicFile(folder -> {
            tried.add(folder);
            throw new IOException("this filesystem cannot fsync a directory");
        });
        files.replace(file, bytes("7"));
        assertThat(Files.readString(file)).isEqualTo("7");
        assertThat(tried).containsExactly(dir.toAbsolutePath());
    }

    @Test
    void stagedContentIsInvisibleUntilCommittedAndCanBeDiscarded() throws Exception {
        Path file = Files.writeString(dir.resolve("signals.state.json"), "old");
        AtomicFile.Staged staged = AtomicFile.stage(file, bytes("new"));
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(Files.readString(staged.temporary())).isEqualTo("new");
        staged.commit();
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(names(dir)).containsExactly("signals.state.json");

        AtomicFile.stage(file, bytes("newer")).discard();
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(names(dir)).containsExactly("signals.state.json");
    }

    @Test
    void renameMovesAFileOverAnother() throws Exception {
        Path from = Files.writeString(dir.resolve("signals.jsonl"), "a\n");
        Path to = Files.writeString(dir.resolve("signals-00000000000000000000.jsonl"), "stale");
        AtomicFile.rename(from, to);
        assertThat(Files.readString(to)).isEqualTo("a\n");
        assertThat(from).doesNotExist();
    }

    @Test
    void aFullDiskKeepsTheOldContentAndGivesBackTheSpace() throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "1m")) {
            Path file = fs.path().resolve("baselines.snap");
            AtomicFile.write(file, bytes("old"));
            fs.fill();
            assertThatThrownBy(() -> AtomicFile.write(file, new byte[256 * 1024])).isInstanceOf(IOException.class);
            assertThat(Files.readString(file)).isEqualTo("old");
            assertThat(names(fs.path())).as("the half-written temporary file is deleted")
                    .containsExactly("baselines.snap", "filler");
            fs.free();
            AtomicFile.write(file, bytes("new"));
            assertThat(Files.readString(file)).isEqualTo("new");
        }
    }
}
