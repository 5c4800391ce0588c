package io.watchtower.runtime.registry;

import io.watchtower.runtime.signal.FeedbackRecord;
import io.watchtower.runtime.signal.SignalComposer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Feedback in the fleet registry: the {@code feedback} table ({@code db/registry/V3__feedback.sql}). */
final class PostgresFeedback {

    private PostgresFeedback() {
    }

    /** Inserts records; one whose id is stored already is ignored. */
    static void put(PostgresRegistry fleet, List<FeedbackRecord> records) {
        fleet.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feedback (id, host, signal_id, tower_id, target,"
                    + " check_name, component, answer, who, note, at, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                    + " ON CONFLICT (id) DO NOTHING")) {
                for (FeedbackRecord r : records) {
                    ps.setString(1, r.id());
                    ps.setString(2, r.host());
                    ps.setString(3, r.signal());
                    ps.setString(4, r.tower());
                    ps.setString(5, r.target() == null ? "" : r.target());
                    ps.setString(6, r.check());
                    ps.setString(7, r.component() == null ? "" : r.component());
                    ps.setString(8, r.answer());
                    ps.setString(9, r.who());
                    ps.setString(10, r.note() == null ? "" : r.note());
                    ps.setObject(11, PostgresRegistry.time(r.atMillis()));
                    ps.setString(12, r.json());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** @return the fleet's checks by answers since {@code sinceMs}, ranked */
    static List<FeedbackCount> byCheck(PostgresRegistry fleet, long sinceMs) {
        return fleet.transaction(c -> {
            List<FeedbackCount> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT component, check_name,"
                    + " count(*) FILTER (WHERE answer = 'noise') AS noise,"
                    + " count(*) FILTER (WHERE answer = 'expected') AS expected,"
                    + " count(*) FILTER (WHERE answer = 'useful') AS useful,"
                    + " count(DISTINCT host) AS hosts, max(at) AS last"
                    + " FROM feedback WHERE at >= ? GROUP BY component, check_name")) {
                ps.setObject(1, PostgresRegistry.time(sinceMs));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FeedbackCount(rs.getString("component"), rs.getString("check_name"),
                                rs.getLong("noise"), rs.getLong("expected"), rs.getLong("useful"), rs.getInt("hosts"),
                                SignalComposer.iso(PostgresRegistry.millis(rs, "last"))));
                    }
                }
            }
            out.sort(FeedbackCount.RANKING);
            return out;
        });
    }
}
