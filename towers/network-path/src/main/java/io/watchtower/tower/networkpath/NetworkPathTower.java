package io.watchtower.tower.networkpath;

import io.watchtower.spi.Observations;
import io.watchtower.spi.ProbeDeadline;
import io.watchtower.spi.TargetObservations;
import io.watchtower.spi.Tower;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Makes {@code attempts} round trips to each target per probe, one after another, and reports the
 * median round trip, the fraction of attempts that failed and the jitter between consecutive
 * round trips. A target is unreachable when every attempt failed.
 */
final class NetworkPathTower implements Tower {

    private final List<Target> targets;
    private final PathProbe probe;
    private final int attempts;
    /** The configured bound of one attempt, or null to share the probe's time left evenly. */
    private final Duration connectTimeout;

    /**
     * @param connectTimeout the longest one attempt may take, or null: each attempt then gets an
     *        even share of the probe's time left (at most {@link #MAX_ATTEMPT_TIMEOUT})
     */
    NetworkPathTower(List<Target> targets, PathProbe probe, int attempts, Duration connectTimeout) {
        this.targets = List.copyOf(targets);
        this.probe = probe;
        this.attempts = attempts;
        this.connectTimeout = connectTimeout;
    }

    /** The longest an attempt waits when no connect-timeout is configured. */
    static final Duration MAX_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

    @Override
    public void observe(Observations out) {
        int attemptsLeft = targets.size() * attempts;
        for (Target target : targets) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            TargetObservations t = out.target(target.name());
            InetAddress address;
            try {
                address = InetAddress.getByName(target.host());
            } catch (UnknownHostException e) {
                t.unreachable("cannot resolve " + target.host());
                t.ratio(NetworkPathTowerFactory.CONNECT_FAILURES, attempts, attempts);
                attemptsLeft -= attempts;
                continue;
            }
            if (!observe(t, target, address, out.deadline(), attemptsLeft)) {
                return;
            }
            attemptsLeft -= attempts;
        }
    }

    /** @return false when interrupted */
    private boolean observe(TargetObservations t, Target target, InetAddress address, ProbeDeadline deadline,
                            int attemptsLeft) {
        List<Double> roundTrips = new ArrayList<>(attempts);
        String lastFailure = null;
        int failures = 0;
        for (int i = 0; i < attempts; i++) {
            try {
                roundTrips.add(probe.roundTrip(target, address, attemptTimeout(deadline, attemptsLeft - i)));
            } catch (ClosedByInterruptException e) {
                return false;
            } catch (IOException e) {
                failures++;
                lastFailure = describe(e);
            }
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        t.context("method", probe.method()).context("address", address.getHostAddress());
        t.ratio(NetworkPathTowerFactory.CONNECT_FAILURES, failures, attempts);
        if (roundTrips.isEmpty()) {
            t.unreachable(lastFailure + (attempts > 1 ? " (all " + attempts + " attempts)" : ""));
            return true;
        }
        if (lastFailure != null) {
            t.context("last_failure", lastFailure);
        }
        t.gauge(NetworkPathTowerFactory.CONNECT_TIME, median(roundTrips));
        if (roundTrips.size() >= 2) {
            double sum = 0;
            for (int i = 1; i < roundTrips.size(); i++) {
                sum += Math.abs(roundTrips.get(i) - roundTrips.get(i - 1));
            }
            t.gauge(NetworkPathTowerFactory.JITTER, sum / (roundTrips.size() - 1));
        }
        return true;
    }

    /** The configured bound, or an even share of the time left; never more than the share. */
    private Duration attemptTimeout(ProbeDeadline deadline, int attemptsLeft) {
        return deadline.share(attemptsLeft, connectTimeout != null ? connectTimeout : MAX_ATTEMPT_TIMEOUT);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        if (e instanceof ConnectException) {
            return message == null ? "connection refused" : message.toLowerCase(Locale.ROOT);
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public String toString() {
        return "NetworkPathTower[" + targets.size() + " targets, " + probe.method() + ", " + attempts + " attempts"
                + (connectTimeout != null ? " of at most " + connectTimeout.toMillis() + " ms" : "") + "]";
    }
}
