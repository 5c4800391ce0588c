package io.watchtower.runtime.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small filesystem for tests that need a full disk: a tmpfs of a given size mounted on a
 * folder (needs root), filled with one file and freed again by deleting it. Closing unmounts.
 */
public final class SmallTmpfs implements AutoCloseable {

    private final Path mountPoint;
    private final Path filler;
    private boolean mounted;

    private SmallTmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.filler = mountPoint.resolve("filler");
    }

    /**
     * Mounts a tmpfs; fails (never skips) when it cannot.
     *
     * @param mountPoint an existing empty folder
     * @param size the size, as mount takes it ({@code 2m})
     * @return the mounted filesystem
     */
    public static SmallTmpfs mount(Path mountPoint, String size) throws Exception {
        Files.createDirectories(mountPoint);
        SmallTmpfs fs = new SmallTmpfs(mountPoint);
        String output = fs.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString()));
        if (output != null) {
            throw new AssertionError("this test needs root to mount a tmpfs of " + size + " on " + mountPoint
                    + " (a real full disk); mount said: " + output);
        }
        fs.mounted = true;
        return fs;
    }

    /** @return the mount point */
    public Path path() {
        return mountPoint;
    }

    /** Writes one file until the filesystem has no byte left (64 KiB, then 4 KiB, then single-byte writes). */
    public void fill() throws IOException {
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int chunk : new int[] {64 * 1024, 4096, 1}) {
                ByteBuffer buffer = ByteBuffer.allocate(chunk);
                while (true) {
                    buffer.clear();
                    try {
                        out.write(buffer);
                    } catch (IOException full) {
                        break;
                    }
                }
            }
        }
    }

    /** Frees what {@link #fill()} took. */
    public void free() throws IOException {
        Files.deleteIfExists(filler);
    }

    private String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return String.join(" ", command) + " did not finish in 20 s";
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }

    /** Unmounts. */
    @Override
    public void close() throws Exception {
        if (mounted) {
            mounted = false;
            String output = run(List.of("umount", "-l", mountPoint.toString()));
            if (output != null) {
                throw new AssertionError("cannot unmount the test tmpfs " + mountPoint + ": " + output);
            }
        }
    }
}
