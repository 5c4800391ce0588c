package io.watchtower.runtime.state;

import io.watchtower.runtime.signal.SeriesKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Baseline snapshots of every series in one file of the state dir, written atomically (temporary
 * file, fsync, rename, fsync of the directory). Each record carries its own checksum, so a damaged
 * record costs only that series' baseline: it is reported and the series relearns.
 *
 * <p>Format (version {@value #VERSION}): magic {@code WTS1}, version, record count, then per
 * record the series' tower, target and check, the detector snapshot and a CRC32 of the record.
 */
public final class SnapshotStore {

    /** The file format version written. */
    public static final int VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final int MAGIC = 0x57545331; // "WTS1"

    private final Path file;

    /** @param file the snapshot file, for example {@code <state-dir>/baselines.snap} */
    public SnapshotStore(Path file) {
        this.file = file;
    }

    /** @return the snapshot file */
    public Path file() {
        return file;
    }

    /**
     * Writes every series' snapshot, replacing the previous file atomically.
     *
     * @param snapshots detector snapshots by series
     * @throws IOException when the state dir cannot be written
     */
    public synchronized void write(Map<SeriesKey, byte[]> snapshots) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeShort(VERSION);
        out.writeInt(snapshots.size());
        for (Map.Entry<SeriesKey, byte[]> e : snapshots.entrySet()) {
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            DataOutputStream r = new DataOutputStream(record);
            r.writeUTF(e.getKey().tower());
            r.writeUTF(e.getKey().target());
            r.writeUTF(e.getKey().check());
            r.writeInt(e.getValue().length);
            r.write(e.getValue());
            r.flush();
            byte[] body = record.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(body);
            out.writeInt(body.length);
            out.write(body);
            out.writeLong(crc.getValue());
        }
        out.flush();
        AtomicFile.write(file, bytes.toByteArray());
    }

    /**
     * Reads the snapshots. A missing file is an empty result; damaged records are reported and
     * skipped; a file of another format is reported and ignored. Never throws for bad content.
     *
     * @return detector snapshots by series
     */
    public synchronized Map<SeriesKey, byte[]> read() {
        Map<SeriesKey, byte[]> snapshots = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return snapshots;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.warn("cannot read baseline snapshots {} ({}); every series relearns", file, e.getMessage());
            return snapshots;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(content))) {
            if (in.readInt() != MAGIC) {
                LOG.warn("{} is not a baseline snapshot file; every series relearns", file);
                return snapshots;
            }
            int version = in.readUnsignedShort();
            if (version != VERSION) {
                LOG.warn("baseline snapshot file {} has unknown version {}; every series relearns", file, version);
                return snapshots;
            }
            int count = in.readInt();
            int damaged = 0;
            for (int i = 0; i < count; i++) {
                int length = in.readInt();
                if (length < 0 || length > content.length) {
                    damaged += count - i;
                    break;
                }
                byte[] body = new byte[length];
                in.readFully(body);
                long stored = in.readLong();
                CRC32 crc = new CRC32();
                crc.update(body);
                if (crc.getValue() != stored) {
                    damaged++;
                    continue;
                }
                DataInputStream r = new DataInputStream(new java.io.ByteArrayInputStream(body));
                SeriesKey key = new SeriesKey(r.readUTF(), r.readUTF(), r.readUTF());
                byte[] snapshot = new byte[r.readInt()];
                r.readFully(snapshot);
                snapshots.put(key, snapshot);
            }
            if (damaged > 0) {
                LOG.warn("{} damaged baseline snapshot record(s) in {}; those series relearn", damaged, file);
            }
        } catch (EOFException e) {
            LOG.warn("baseline snapshot file {} is truncated; {} series restored, the rest relearn", file, snapshots.size());
        } catch (IOException e) {
            LOG.warn("cannot read baseline snapshots {} ({}); {} series restored", file, e.getMessage(), snapshots.size());
        }
        return snapshots;
    }
}
