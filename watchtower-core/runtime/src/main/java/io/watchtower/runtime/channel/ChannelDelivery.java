package io.watchtower.runtime.channel;

import io.watchtower.runtime.journal.SignalJournal;
import io.watchtower.runtime.signal.Signal;
import io.watchtower.runtime.signal.SignalJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers the journal to one channel, in order, at least once. The channel's cursor (the journal
 * offset up to which everything was delivered) is saved after each delivery, so after a crash
 * delivery resumes where it stopped; the signal in flight may be delivered again, with its id.
 * A failed delivery is retried with exponential backoff (1 s doubling to 1 min).
 */
public final class ChannelDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelDelivery.class);
    private static final long MIN_BACKOFF_MS = 1000;
    private static final long MAX_BACKOFF_MS = 60_000;

    private final SignalChannel channel;
    private final SignalJournal journal;
    private final Path cursorFile;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long cursor;

    /**
     * Starts delivering. A channel seen for the first time starts at the journal's end.
     *
     * @param channel the channel
     * @param journal the signal journal
     * @param cursorDir where cursors are kept
     * @throws IOException when the cursor cannot be read or created
     */
    public ChannelDelivery(SignalChannel channel, SignalJournal journal, Path cursorDir) throws IOException {
        this.channel = channel;
        this.journal = journal;
        Files.createDirectories(cursorDir);
        this.cursorFile = cursorDir.resolve(channel.name() + ".cursor");
        if (Files.exists(cursorFile)) {
            String text = Files.readString(cursorFile, StandardCharsets.UTF_8).strip();
            long stored;
            try {
                stored = Long.parseLong(text);
            } catch (NumberFormatException e) {
                LOG.warn("cursor of channel {} is unreadable ({}); delivering from the start of the journal",
                        channel.name(), text);
                stored = 0;
            }
            this.cursor = Math.min(Math.max(0, stored), journal.size());
        } else {
            this.cursor = journal.size();
            saveCursor();
        }
        journal.onAppend(this::wake);
        this.thread = new Thread(this::run, "channel-" + channel.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void wake() {
        lock.lock();
        try {
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (running) {
            List<SignalJournal.Entry> entries = journal.read(cursor, 100);
            if (entries.isEmpty()) {
                await(1000);
                continue;
            }
            for (SignalJournal.Entry entry : entries) {
                if (!running) {
                    return;
                }
                try {
                    Signal signal = SignalJson.read(entry.json());
                    channel.deliver(signal, entry.json());
                    cursor = entry.next();
                    saveCursor();
                    delivered.incrementAndGet();
                    backoff = MIN_BACKOFF_MS;
                } catch (IllegalArgumentException e) {
                    LOG.error("journal entry at offset {} is not a signal; skipped for channel {}", entry.offset(),
                            channel.name());
                    cursor = entry.next();
                    trySaveCursor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    failures.incrementAndGet();
                    LOG.warn("delivery to channel {} failed ({}); retrying in {} ms", channel.name(), e.toString(), backoff);
                    await(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    break;
                }
            }
        }
    }

    private void await(long millis) {
        lock.lock();
        try {
            if (running && journal.size() <= cursor) {
                appended.await(millis, TimeUnit.MILLISECONDS);
            } else if (running && millis > 1000) {
                appended.await(millis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void trySaveCursor() {
        try {
            saveCursor();
        } catch (IOException e) {
            LOG.warn("cannot save cursor of channel {}: {}", channel.name(), e.getMessage());
        }
    }

    private void saveCursor() throws IOException {
        Path tmp = cursorFile.resolveSibling(cursorFile.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(Long.toString(cursor).getBytes(StandardCharsets.UTF_8)));
            out.force(false);
        }
        try {
            Files.move(tmp, cursorFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cursorFile, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** @return the channel's name */
    public String name() {
        return channel.name();
    }

    /** @return signals delivered since start */
    public long delivered() {
        return delivered.get();
    }

    /** @return failed delivery attempts since start */
    public long failures() {
        return failures.get();
    }

    /** @return bytes of journal not yet delivered */
    public long backlogBytes() {
        return Math.max(0, journal.size() - cursor);
    }

    /**
     * Waits until everything appended so far is delivered.
     *
     * @param timeoutMillis how long to wait at most
     * @return whether the backlog is empty
     * @throws InterruptedException when interrupted
     */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (backlogBytes() > 0 && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(10);
        }
        return backlogBytes() == 0;
    }

    @Override
    public void close() throws Exception {
        running = false;
        wake();
        thread.join(2000);
        channel.close();
    }
}
