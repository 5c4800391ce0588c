package io.watchtower.launcher;

import io.watchtower.spi.TowerClock;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * {@code watchtower run} in a process whose wall clock can be stepped from outside:
 * {@code SteppedWallClockMain OFFSET_FILE run -c FILE}. The daemon's wall clock is the system's
 * plus the ISO-8601 duration in {@code OFFSET_FILE} (read again at most every 100 ms; {@code PT0S}
 * to start with), as if NTP or an operator had stepped it; its monotonic clock is the system's.
 * Everything else is the real {@code run} command. (libfaketime does this without a class of our
 * own, but slows this JVM's start from 2 s to over 40 s.)
 */
public final class SteppedWallClockMain {

    private SteppedWallClockMain() {
    }

    /**
     * @param args the offset file, then the {@code run} command's arguments
     */
    public static void main(String[] args) {
        Path offsetFile = Path.of(args[0]);
        RunCommand run = new RunCommand(new SteppedClock(offsetFile));
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        System.exit(new CommandLine(run).execute(rest));
    }

    private static final class SteppedClock implements TowerClock {
        private final Path file;
        private volatile Duration offset = Duration.ZERO;
        private volatile long readAt;

        SteppedClock(Path file) {
            this.file = file;
            this.readAt = System.nanoTime() - 1_000_000_000L;
        }

        @Override
        public Instant now() {
            long now = System.nanoTime();
            if (now - readAt > 100_000_000L) {
                readAt = now;
                try {
                    offset = Duration.parse(Files.readString(file).strip());
                } catch (IOException | RuntimeException e) {
                    // keep the last offset
                }
            }
            return Instant.now().plus(offset);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
