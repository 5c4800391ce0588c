package io.watchtower.runtime.state;

import io.watchtower.runtime.journal.SmallTmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A state file that grows by whole records: forced appends, owner-only, torn tails cut. */
class AppendOnlyFileTest {

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appendsRecordsAtTheirOffsetsAndKeepsThemAcrossReopening() throws Exception {
        Path file = dir.resolve("registry/outbox.jsonl");
        try (AppendOnlyFile log = AppendOnlyFile.open(file)) {
            assertThat(log.append(bytes("{\"n\":1}\n"))).isZero();
            assertThat(log.append(bytes("{\"n\":2}\n"), false)).isEqualTo(8);
            assertThat(log.size()).isEqualTo(16);
            ByteBuffer second = ByteBuffer.allocate(8);
            log.read(second, 8);
            assertThat(new String(second.array(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":2}\n");
        }
        try (AppendOnlyFile log = AppendOnlyFile.open(file)) {
            assertThat(log.size()).isEqualTo(16);
            assertThat(log.repairedBytes()).isZero();
            assertThat(log.append(bytes("{\"n\":3}\n"))).isEqualTo(16);
        }
        assertThat(Files.readString(file)).isEqualTo("{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
    }

    @Test
    void anExistingFileIsNarrowedToTheOwner() throws Exception {
        Path file = Files.writeString(dir.resolve("audit.jsonl"), "{}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (AppendOnlyFile log = AppendOnlyFile.open(file)) {
            assertThat(log.size()).isEqualTo(3);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aLineTornByACrashIsCutOffOnOpen() throws Exception {
        Path file = Files.writeString(dir.resolve("signals.jsonl"), "{\"a\":1}\n{\"b\":2}\n{\"c\":");
        try (AppendOnlyFile log = AppendOnlyFile.open(file)) {
            assertThat(log.repairedBytes()).isEqualTo(5);
            assertThat(log.size()).isEqualTo(16);
            log.append(bytes("{\"d\":4}\n"));
        }
        assertThat(Files.readString(file)).isEqualTo("{\"a\":1}\n{\"b\":2}\n{\"d\":4}\n");

        Path nothingWhole = Files.writeString(dir.resolve("other.jsonl"), "half a line");
        try (AppendOnlyFile log = AppendOnlyFile.open(nothingWhole)) {
            assertThat(log.size()).isZero();
            assertThat(log.repairedBytes()).isEqualTo(11);
        }
        assertThat(Files.size(nothingWhole)).isZero();
    }

    @Test
    void createRefusesAFileThatExists() throws Exception {
        Path file = Files.writeString(dir.resolve("signals.jsonl"), "x\n");
        assertThatThrownBy(() -> AppendOnlyFile.create(file)).isInstanceOf(FileAlreadyExistsException.class);
        try (AppendOnlyFile fresh = AppendOnlyFile.create(dir.resolve("new.jsonl"))) {
            assertThat(fresh.size()).isZero();
        }
    }

    @Test
    void clearEmptiesTheFile() throws Exception {
        Path file = dir.resolve("outbox.jsonl");
        try (AppendOnlyFile log = AppendOnlyFile.open(file)) {
            log.append(bytes("a\nb\n"));
            log.clear();
            assertThat(log.size()).isZero();
            assertThat(log.append(bytes("c\n"))).isZero();
        }
        assertThat(Files.readString(file)).isEqualTo("c\n");
    }

    @Test
    void anAppendThatFailsOnAFullDiskLeavesNoPartOfItsRecords() throws Exception {
        try (SmallTmpfs fs = SmallTmpfs.mount(dir.resolve("fs"), "1m")) {
            Path file = fs.path().resolve("signals.jsonl");
            try (AppendOnlyFile log = AppendOnlyFile.open(file)) {
                log.append(bytes("first\n"));
                fs.fill();
                byte[] big = new byte[256 * 1024];
                Arrays.fill(big, (byte) 'x');
                big[big.length - 1] = '\n';
                assertThatThrownBy(() -> log.append(big)).isInstanceOf(IOException.class);
                assertThat(log.size()).isEqualTo(6);
                assertThat(Files.size(file)).as("what the failed append wrote is cut off").isEqualTo(6);
                fs.free();
                assertThat(log.append(bytes("second\n"))).isEqualTo(6);
            }
            assertThat(Files.readString(file)).isEqualTo("first\nsecond\n");
        }
    }
}
