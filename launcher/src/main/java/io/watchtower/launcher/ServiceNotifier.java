package io.watchtower.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells the service manager how the daemon is doing ({@code sd_notify} for {@code Type=notify}
 * units): {@code READY=1} once the towers are scheduled, {@code RELOADING=1} and {@code READY=1}
 * around a reload, {@code STOPPING=1} when stopping, and {@code WATCHDOG=1} while the probe
 * scheduler keeps answering. Does nothing when {@code $NOTIFY_SOCKET} is not set.
 */
final class ServiceNotifier implements AutoCloseable {

    /**
     * The probe scheduler answers a question within milliseconds (see
     * {@code ProbeScheduler#unansweredFor}); one left unanswered longer than this means it is stuck.
     */
    static final Duration STALE_BEAT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNotifier.class);

    /** Where notifications go. */
    interface Sink extends AutoCloseable {
        void send(String message) throws IOException;

        @Override
        void close();
    }

    private final Sink sink;
    private final Optional<Duration> watchdogTimeout;
    private final LongSupplier monotonicMicros;
    private ScheduledExecutorService watchdog;
    private volatile boolean withheld;

    ServiceNotifier(Sink sink, Optional<Duration> watchdogTimeout, LongSupplier monotonicMicros) {
        this.sink = sink;
        this.watchdogTimeout = watchdogTimeout;
        this.monotonicMicros = monotonicMicros;
    }

    /**
     * @param environment the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID})
     * @return a notifier for the socket named there, or one that does nothing
     */
    static ServiceNotifier fromEnvironment(Map<String, String> environment) {
        String path = environment.get("NOTIFY_SOCKET");
        if (path == null || path.isEmpty()) {
            return new ServiceNotifier(null, Optional.empty(), () -> 0L);
        }
        NotifySocket socket;
        try {
            socket = NotifySocket.open(path);
        } catch (IOException | LinkageError e) {
            LOG.error("service manager notifications disabled: {}", e.getMessage());
            return new ServiceNotifier(null, Optional.empty(), () -> 0L);
        }
        Sink sink = new Sink() {
            @Override
            public void send(String message) throws IOException {
                socket.send(message);
            }

            @Override
            public void close() {
                socket.close();
            }
        };
        return new ServiceNotifier(sink, watchdogTimeout(environment, ProcessHandle.current().pid()),
                NotifySocket::monotonicMicros);
    }

    /**
     * @param environment the process environment
     * @param pid this process's id
     * @return the watchdog timeout the service manager expects, if it expects one from this process
     */
    static Optional<Duration> watchdogTimeout(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        String forPid = environment.get("WATCHDOG_PID");
        if (usec == null || usec.isBlank()) {
            return Optional.empty();
        }
        try {
            if (forPid != null && !forPid.isBlank() && Long.parseLong(forPid.trim()) != pid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1_000L)) : Optional.empty();
        } catch (NumberFormatException e) {
            LOG.warn("ignoring WATCHDOG_USEC={} / WATCHDOG_PID={}: not numbers", usec, forPid);
            return Optional.empty();
        }
    }

    /** @return whether a service manager listens */
    boolean enabled() {
        return sink != null;
    }

    /** @return the watchdog timeout, when the service manager set one for this process */
    Optional<Duration> watchdogTimeout() {
        return watchdogTimeout;
    }

    /**
     * The towers are scheduled: start-up (or a reload) is complete.
     *
     * @param status a short human-readable state for {@code systemctl status}
     */
    void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /** A reload begins. Carries {@code MONOTONIC_USEC}, which systemd 253 and later require with it. */
    void reloading() {
        send("RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC=" + monotonicMicros.getAsLong());
    }

    /** The daemon is stopping. */
    void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    /**
     * Starts keeping the watchdog fed at half its timeout, but only while the probe scheduler
     * answers: each turn asks it, and when the question of a turn before is still unanswered after
     * {@link #STALE_BEAT}, no {@code WATCHDOG=1} is sent, so the service manager restarts a daemon
     * whose scheduler is stuck.
     *
     * @param unanswered asks the scheduler; how long it has left a question unanswered
     */
    synchronized void startWatchdog(Supplier<Duration> unanswered) {
        if (sink == null || watchdogTimeout.isEmpty() || watchdog != null) {
            return;
        }
        long period = Math.max(100_000L, watchdogTimeout.get().toNanos() / 1_000L / 2);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> feedWatchdog(unanswered.get()), 0, period, TimeUnit.MICROSECONDS);
    }

    /**
     * One watchdog turn.
     *
     * @param unanswered how long the scheduler has left a question unanswered
     * @return whether {@code WATCHDOG=1} was sent
     */
    boolean feedWatchdog(Duration unanswered) {
        if (unanswered.compareTo(STALE_BEAT) > 0) {
            if (!withheld) {
                LOG.error("the probe scheduler has not answered for {} s; WATCHDOG=1 withheld so the service manager"
                        + " restarts the daemon", unanswered.toSeconds());
                withheld = true;
            }
            return false;
        }
        withheld = false;
        return send("WATCHDOG=1");
    }

    private boolean send(String message) {
        if (sink == null) {
            return false;
        }
        try {
            sink.send(message);
            return true;
        } catch (IOException e) {
            LOG.warn("{}", e.getMessage());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        if (sink != null) {
            sink.close();
        }
    }
}
