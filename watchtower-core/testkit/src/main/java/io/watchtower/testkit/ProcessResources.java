package io.watchtower.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A look at what this JVM holds: its live threads and its open sockets (the {@code socket:[inode]}
 * links of {@code /proc/self/fd}, Linux only). Two looks tell what a tower left behind.
 */
final class ProcessResources {

    private final Set<Thread> threads;
    private final Set<String> sockets;

    private ProcessResources(Set<Thread> threads, Set<String> sockets) {
        this.threads = threads;
        this.sockets = sockets;
    }

    /** @return what the JVM holds now */
    static ProcessResources now() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive()) {
                threads.add(t);
            }
        }
        return new ProcessResources(threads, sockets());
    }

    private static Set<String> sockets() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            throw new AssertionError("/proc/self/fd is not readable: the kit counts open sockets there (Linux)");
        }
        Set<String> sockets = new HashSet<>();
        try (Stream<Path> list = Files.list(fds)) {
            list.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:")) {
                        sockets.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            });
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        return sockets;
    }

    /**
     * @param before an earlier look
     * @return the threads alive now that were not then, by name
     */
    Set<String> newThreads(ProcessResources before) {
        Set<String> names = new TreeSet<>();
        for (Thread t : threads) {
            if (!before.threads.contains(t)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /**
     * @param before an earlier look
     * @return the sockets open now that were not then
     */
    Set<String> newSockets(ProcessResources before) {
        Set<String> open = new TreeSet<>(sockets);
        open.removeAll(before.sockets);
        return open;
    }
}
