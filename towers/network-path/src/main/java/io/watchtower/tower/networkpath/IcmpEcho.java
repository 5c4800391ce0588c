package io.watchtower.tower.networkpath;

import io.watchtower.spi.TowerClock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * One ICMP echo request, through {@link InetAddress#isReachable(int)}. The JDK sends a real ICMP
 * echo only when it may open a raw socket, which takes CAP_NET_RAW; without it, it silently
 * falls back to a TCP connection to port 7. So the tower only uses this method when the process
 * has CAP_NET_RAW ({@link #permitted()}), and says so when it has not.
 */
final class IcmpEcho implements PathProbe {

    private static final int CAP_NET_RAW = 13;

    private final TowerClock clock;

    IcmpEcho(TowerClock clock) {
        this.clock = clock;
    }

    @Override
    public double roundTrip(Target target, InetAddress address, Duration timeout) throws IOException {
        long started = clock.nanoTime();
        boolean answered = address.isReachable((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        double millis = (clock.nanoTime() - started) / 1e6;
        if (Thread.currentThread().isInterrupted()) {
            throw new java.nio.channels.ClosedByInterruptException();
        }
        if (!answered) {
            throw new IOException(millis + 1 < timeout.toMillis() ? "echo failed (unreachable)"
                    : "no echo reply within " + timeout.toMillis() + " ms");
        }
        return millis;
    }

    @Override
    public String method() {
        return "icmp";
    }

    /**
     * @return whether this process holds CAP_NET_RAW in its effective set (read from
     *         {@code /proc/self/status}); false where that cannot be read
     */
    static boolean permitted() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("CapEff:")) {
                    long effective = Long.parseUnsignedLong(line.substring(7).strip().toLowerCase(Locale.ROOT), 16);
                    return (effective & (1L << CAP_NET_RAW)) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
