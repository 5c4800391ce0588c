package io.watchtower.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One finished command: exit code, standard output and standard error. */
record Command(List<String> argv, int exit, String out, String err) {

    static Command run(Duration timeout, String... argv) throws IOException, InterruptedException {
        return run(timeout, Map.of(), null, argv);
    }

    static Command run(Duration timeout, Map<String, String> env, Path dir, String... argv)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("cmd-", ".out");
        Path err = Files.createTempFile("cmd-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            if (dir != null) {
                builder.directory(dir.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", argv) + " did not finish within " + timeout + "\nstdout:\n"
                        + Files.readString(out) + "\nstderr:\n" + Files.readString(err));
            }
            return new Command(List.of(argv), process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** @return this, when the exit code is 0 */
    Command ok() {
        if (exit != 0) {
            throw new AssertionError(this.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", argv) + " exited " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }

    /** @return whether a program is on the PATH */
    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
