package io.watchtower.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fault matrix's table: for each fault, how many signals it had to produce (tried), how many
 * reached the alert channel (held), how many did not (lost), and whether the daemon crashed or
 * stopped answering. Written to {@code launcher/target/fault-matrix.md} and printed, its rows in the
 * order of their faults' names, whatever order the rows ran in.
 */
final class FaultTable {

    /**
     * One fault.
     *
     * @param fault what was done to the daemon or its surroundings
     * @param expectation what had to come out of it
     * @param tried signals (or refusals) that had to come out
     * @param held of those, how many did, end to end
     * @param crashes daemon processes that died without being told to
     * @param hangs health checks that went unanswered for 5 s while the daemon ran
     */
    record Row(String fault, String expectation, int tried, int held, int crashes, int hangs) {
        int lost() {
            return tried - held;
        }
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String render() {
        StringBuilder out = new StringBuilder();
        out.append("| fault | what had to happen | tried | held | lost | crashes | hangs |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|\n");
        int tried = 0;
        int held = 0;
        int crashes = 0;
        int hangs = 0;
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparing(Row::fault));
        for (Row r : sorted) {
            out.append("| ").append(r.fault()).append(" | ").append(r.expectation()).append(" | ").append(r.tried())
                    .append(" | ").append(r.held()).append(" | ").append(r.lost()).append(" | ").append(r.crashes())
                    .append(" | ").append(r.hangs()).append(" |\n");
            tried += r.tried();
            held += r.held();
            crashes += r.crashes();
            hangs += r.hangs();
        }
        out.append("| **all** | | ").append(tried).append(" | ").append(held).append(" | ").append(tried - held)
                .append(" | ").append(crashes).append(" | ").append(hangs).append(" |\n");
        return out.toString();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }
}
