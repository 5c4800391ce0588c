package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.time.Scheduler;
import io.watchtower.runtime.time.TimedLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers one channel's {@link NotificationOutbox}, in order, at least once: the oldest pending notification
 * is delivered and only then marked done, so after a crash it is delivered again with the same
 * id. A failed delivery is retried with exponential backoff ({@code retry-min} doubling to
 * {@code retry-max}); later notifications wait behind it, so order holds. A notification the
 * receiver explicitly rejects ({@link RejectedException}, for example HTTP 400) is logged,
 * counted and skipped: retrying it would block the channel forever.
 *
 * <p>It runs on its own lane of the scheduler when a notification is added to the outbox and when
 * a retry falls due; an empty outbox wakes nothing.
 */
public final class ChannelDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDelivery.class);

    private final SignalChannel channel;
    private final NotificationOutbox outbox;
    private final Set<String> severities;
    private final long minBackoff;
    private final long maxBackoff;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Scheduler scheduler;
    private final TimedLoop loop;
    private volatile Runnable onDelivered = () -> { };
    private long backoff;

    /**
     * Starts delivering on real threads.
     *
     * @param channel the channel
     * @param outbox its outbox
     * @param severities the severities routed to it
     * @param retryMin the first retry delay
     * @param retryMax the longest retry delay
     */
    public ChannelDelivery(SignalChannel channel, NotificationOutbox outbox, Set<String> severities, Duration retryMin,
                           Duration retryMax) {
        this(channel, outbox, severities, retryMin, retryMax, Scheduler.system());
    }

    /**
     * Starts delivering.
     *
     * @param channel the channel
     * @param outbox its outbox
     * @param severities the severities routed to it
     * @param retryMin the first retry delay
     * @param retryMax the longest retry delay
     * @param scheduler where deliveries and retries run
     */
    public ChannelDelivery(SignalChannel channel, NotificationOutbox outbox, Set<String> severities, Duration retryMin,
                           Duration retryMax, Scheduler scheduler) {
        this.channel = channel;
        this.outbox = outbox;
        this.severities = Set.copyOf(severities);
        this.minBackoff = Math.max(1, retryMin.toMillis());
        this.maxBackoff = Math.max(minBackoff, retryMax.toMillis());
        this.backoff = minBackoff;
        this.scheduler = scheduler;
        this.loop = new TimedLoop("delivery to channel " + channel.name(), scheduler.lane("channel-" + channel.name()),
                this::deliverHead);
        // a new notification does not cut a retry's backoff short: it waits behind the head
        outbox.onAdd(loop::nudge);
        loop.wake();
    }

    /** Delivers the oldest pending notification. @return when to run again; null: when one is added */
    private Duration deliverHead() throws InterruptedException {
        NotificationOutbox.Entry entry = outbox.head();
        if (entry == null) {
            return null;
        }
        Notification n;
        try {
            n = entry.notification();
        } catch (IllegalArgumentException e) {
            LOG.error("outbox entry {} of channel {} is not a notification; skipped", entry.seq(), channel.name());
            outbox.done(entry.seq());
            return Duration.ZERO;
        }
        try {
            channel.deliver(n);
            outbox.done(entry.seq());
            delivered.incrementAndGet();
            backoff = minBackoff;
            onDelivered.run();
            return Duration.ZERO;
        } catch (RejectedException e) {
            rejected.incrementAndGet();
            LOG.error("channel {} rejected notification {} ({}); it is not retried", channel.name(), n.id(),
                    e.getMessage());
            outbox.done(entry.seq());
            onDelivered.run();
            return Duration.ZERO;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failures.incrementAndGet();
            LOG.warn("delivery of {} to channel {} failed ({}); retrying in {} ms", n.id(), channel.name(),
                    e.toString(), backoff);
            long wait = backoff;
            backoff = Math.min(maxBackoff, backoff * 2);
            return Duration.ofMillis(wait);
        }
    }

    /** @param listener told after each notification left the outbox (delivered or rejected) */
    public void onDelivered(Runnable listener) {
        this.onDelivered = listener;
    }

    /**
     * @param routeSeverity a notification's routing severity
     * @return whether this channel takes it
     */
    public boolean accepts(String routeSeverity) {
        return severities.contains(routeSeverity);
    }

    /** @return the channel's name */
    public String name() {
        return channel.name();
    }

    /** @return the channel's outbox */
    public NotificationOutbox outbox() {
        return outbox;
    }

    /** @return notifications delivered since start */
    public long delivered() {
        return delivered.get();
    }

    /** @return failed delivery attempts since start */
    public long failures() {
        return failures.get();
    }

    /** @return notifications the receiver rejected since start */
    public long rejected() {
        return rejected.get();
    }

    /** @return notifications not yet delivered */
    public long backlog() {
        return outbox.size();
    }

    /**
     * Waits until everything added so far is delivered.
     *
     * @param timeoutMillis how long to wait at most
     * @return whether the outbox is empty
     * @throws InterruptedException when interrupted
     */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        return scheduler.await(() -> outbox.size() == 0, Duration.ofMillis(timeoutMillis));
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            outbox.close();
        }
    }

    /**
     * Stops delivering and closes the channel but leaves the outbox open, so that a replacement
     * delivery (a channel whose settings changed on reload) takes over its pending entries.
     *
     * @return the outbox, still open
     * @throws Exception when closing the channel fails (the outbox is still handed over)
     */
    NotificationOutbox handOver() throws Exception {
        stop();
        return outbox;
    }

    private void stop() throws Exception {
        loop.close();
        channel.close();
    }
}
