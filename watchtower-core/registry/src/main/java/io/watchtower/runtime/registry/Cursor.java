package io.watchtower.runtime.registry;

import io.watchtower.runtime.state.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A byte offset kept in a file, replaced atomically on every save. */
final class Cursor {

    private final Path file;
    private volatile long value;

    /** @param file where it lives @param initial the value when the file does not exist yet */
    Cursor(Path file, long initial) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            long stored;
            try {
                stored = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (NumberFormatException e) {
                stored = 0;
            }
            this.value = Math.max(0, stored);
        } else {
            this.value = initial;
            save(initial);
        }
    }

    long get() {
        return value;
    }

    void save(long next) throws IOException {
        AtomicFile.write(file, Long.toString(next).getBytes(StandardCharsets.UTF_8));
        value = next;
    }
}
