package io.watchtower.runtime.journal;

import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.state.AppendOnlyFile;
import io.watchtower.runtime.state.OwnerOnly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's record of feedback: one {@link FeedbackRecord} a line, appended and forced to disk
 * before an answer is applied to its series (and so before it is acknowledged). It is the truth the
 * baseline snapshot catches up with: at start, each series applies the recorded answers its snapshot
 * does not reflect ({@link io.watchtower.runtime.series.SeriesTracker#recover}). Feedback is given by
 * people, a few times a day at most, so the whole record is also held in memory. {@code watchtower
 * replay --feedback} reads the same file.
 */
public final class FeedbackLog implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FeedbackLog.class);

    private final AppendOnlyFile file;
    private final List<FeedbackRecord> records;

    private FeedbackLog(AppendOnlyFile file, List<FeedbackRecord> records) {
        this.file = file;
        this.records = records;
    }

    /**
     * Opens (creating if needed, owner-only like every state file) the record; a line torn by a crash
     * is cut off, and a line that is not a feedback record (a damaged disk, a hand edit) is skipped
     * with a warning naming it: it stays in the file, and the daemon starts.
     *
     * @param path the file
     * @return the open record
     * @throws IOException when it cannot be opened
     */
    public static FeedbackLog open(Path path) throws IOException {
        OwnerOnly.directories(path.toAbsolutePath().getParent());
        AppendOnlyFile file = AppendOnlyFile.open(path);
        try {
            List<FeedbackRecord> records = new ArrayList<>();
            int n = 0;
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(FeedbackRecord.read(line));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{} line {} is not a feedback record and is skipped: {}", path, n, e.getMessage());
                }
            }
            return new FeedbackLog(file, records);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Reads a feedback file: the daemon's, or one put together by hand for a replay.
     *
     * @param path the file
     * @return its records, in order
     * @throws IOException when it cannot be read or a line is not a feedback record (naming the line)
     */
    public static List<FeedbackRecord> read(Path path) throws IOException {
        List<FeedbackRecord> records = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(FeedbackRecord.read(line));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + " line " + n + ": " + e.getMessage(), e);
            }
        }
        return records;
    }

    /**
     * Appends a record and forces it to disk.
     *
     * @param record the record
     * @throws IOException when it cannot be written
     */
    public synchronized void append(FeedbackRecord record) throws IOException {
        file.append((record.json() + "\n").getBytes(StandardCharsets.UTF_8), true);
        records.add(record);
    }

    /** @return every record, in order */
    public synchronized List<FeedbackRecord> records() {
        return List.copyOf(records);
    }

    /** @return the file */
    public Path file() {
        return file.file();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
