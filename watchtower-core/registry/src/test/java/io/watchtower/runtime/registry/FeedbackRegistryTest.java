package io.watchtower.runtime.registry;

import io.watchtower.baseline.Adjustment;
import io.watchtower.baseline.FeedbackAnswer;
import io.watchtower.runtime.signal.FeedbackRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback in the registry: against the machine's PostgreSQL (127.0.0.1:5432, trust auth), in a
 * database of its own, and the local ranking the daemon answers with when there is no fleet.
 */
class FeedbackRegistryTest {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "watchtower_feedback_test_" + ProcessHandle.current().pid();
    private static PostgresRegistry registry;

    @BeforeAll
    static void createDatabase() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new AssertionError("this test needs the machine's PostgreSQL on 127.0.0.1:5432 with trust auth for"
                    + " user postgres (.ci/install-test-deps.sh starts it): " + e.getMessage(), e);
        }
        registry = new PostgresRegistry(new PostgresSettings(SERVER + DATABASE, "postgres", null, 2));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        registry.close();
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    static FeedbackRecord answer(String id, String host, String component, String check, String answer, String at) {
        return new FeedbackRecord(FeedbackRecord.SCHEMA, id, at, host, "signal-" + id, "fp", "t", "", check, component,
                answer, "oncall-1", "why", null, at, 10.0, 1.0, "adjusted");
    }

    private static final List<FeedbackRecord> ANSWERS = List.of(
            answer("1", "a", "orders-db", "replication_lag", "noise", "2026-12-01T10:00:00Z"),
            answer("2", "b", "orders-db", "replication_lag", "noise", "2026-12-02T10:00:00Z"),
            answer("3", "a", "orders-db", "replication_lag", "expected", "2026-12-02T11:00:00Z"),
            answer("4", "a", "jobs-queue", "backlog", "noise", "2026-12-02T12:00:00Z"),
            answer("5", "a", "jobs-queue", "backlog", "useful", "2026-12-02T13:00:00Z"),
            answer("6", "a", "dns", "answer_time", "useful", "2026-12-02T14:00:00Z"),
            answer("7", "a", "dns", "answer_time", "noise", "2026-11-01T14:00:00Z"));

    @Test
    void theAdjustmentsOfASeriesTravelWithItsBaselineAndReadBackAsPublished() {
        long day = 86_400_000L;
        long at = Instant.parse("2026-12-03T09:12:00Z").toEpochMilli();
        List<Adjustment> adjustments = List.of(
                new Adjustment(FeedbackAnswer.NOISE, "daily 05:00–07:00 UTC", at - day, at, 2, "oncall-1",
                        "disk scrub, é ü", at + 30 * day, 2.0, 0),
                new Adjustment(FeedbackAnswer.EXPECTED, "Mondays 05:00–07:00 UTC", at, at, 1, "oncall-2", "", at + 14 * day,
                        1, 37.5));
        BaselineRecord plain = RegistryRecords.baseline("fb-host", "t/db-1/lag", "global", 100);
        BaselineRecord answered = new BaselineRecord(plain.host(), plain.series(), plain.tower(), plain.target(),
                plain.check(), plain.component(), plain.unit(), plain.seasonBucket(), plain.expected(), plain.lower(),
                plain.upper(), plain.lastValue(), plain.confidence(), plain.samples(), plain.learnedSinceMs(), 200, 1,
                "ok", false, null, adjustments);
        registry.putBaselines(List.of(plain, RegistryRecords.baseline("fb-host", "t/db-2/lag", "global", 100)));
        registry.putBaselines(List.of(answered));
        List<BaselineRecord> read = registry.baselines(new BaselineQuery(null, null, "fb-host"));
        assertThat(read).hasSize(2);
        assertThat(read.get(0).feedback()).isEqualTo(adjustments);
        assertThat(read.get(0).feedback().get(0).describe(java.time.ZoneOffset.UTC))
                .isEqualTo(adjustments.get(0).describe(java.time.ZoneOffset.UTC));
        assertThat(read.get(0).feedbackInForce(at + 20 * day)).containsExactly(adjustments.get(0));
        assertThat(read.get(1).feedback()).as("a series without answers").isEmpty();
        // through the publication outbox's JSON, as a daemon queues it
        assertThat(RegistryRecords.viaJson(answered)).isEqualTo(answered);
        // a later publication without adjustments (they expired or were ended) clears them
        registry.putBaselines(List.of(RegistryRecords.baseline("fb-host", "t/db-1/lag", "global", 300)));
        assertThat(registry.baselines(new BaselineQuery(null, null, "fb-host")).get(0).feedback()).isEmpty();
    }

    @Test
    void theFleetRanksChecksByNoiseAndAReplayedPublicationLeavesNoDuplicate() throws Exception {
        PostgresFeedback.put(registry, ANSWERS);
        PostgresFeedback.put(registry, ANSWERS.subList(0, 3));
        try (Connection c = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM feedback")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(7);
        }
        long since = Instant.parse("2026-11-15T00:00:00Z").toEpochMilli();
        List<FeedbackCount> fleet = PostgresFeedback.byCheck(registry, since);
        assertThat(fleet).containsExactly(
                new FeedbackCount("orders-db", "replication_lag", 2, 1, 0, 2, "2026-12-02T11:00:00Z"),
                new FeedbackCount("jobs-queue", "backlog", 1, 0, 1, 1, "2026-12-02T13:00:00Z"),
                new FeedbackCount("dns", "answer_time", 0, 0, 1, 1, "2026-12-02T14:00:00Z"));
        assertThat(FeedbackCount.rank(ANSWERS, since)).as("the local ranking agrees").isEqualTo(fleet);
    }
}
