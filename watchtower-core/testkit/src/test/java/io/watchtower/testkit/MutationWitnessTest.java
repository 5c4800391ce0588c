package io.watchtower.testkit;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Each witness counts a write that really happens. */
class MutationWitnessTest {

    @Test
    void postgresCountsARowWrittenByAnySession() {
        try (PostgresWriteWitness w = new PostgresWriteWitness("watchtower", hp -> "servers = [\"" + hp + "\"]")) {
            long before = w.writes();
            assertThat(w.writes()).as("reading changes nothing").isEqualTo(before);
            w.server().psql("postgres", "UPDATE items SET id = 2 WHERE id = 1");
            assertThat(w.writes()).isEqualTo(before + 1);
            w.server().psql("postgres", "BEGIN; CREATE TEMP TABLE t(x int); ROLLBACK");
            assertThat(w.writes()).as("a temporary table writes catalog rows, even rolled back").isGreaterThan(before + 1);
        }
    }

    @Test
    void redisCountsWriteCommandsEvenWhenTheyChangeNothing() {
        try (RedisWriteWitness w = new RedisWriteWitness(hp -> "servers = [\"" + hp + "\"]")) {
            long before = w.writes();
            w.server().cli("GET", "orders");
            w.server().cli("LLEN", "jobs");
            assertThat(w.writes()).as("reads").isEqualTo(before);
            w.server().cli("DEL", "no-such-key");
            assertThat(w.writes()).as("a DEL of nothing is still a write command").isEqualTo(before + 1);
            w.server().cli("SET", "k", "v");
            assertThat(w.writes()).as("a SET is a write command and a change").isEqualTo(before + 3);
        }
    }

    @Test
    void receivedBytesCountsWhatAClientSends() throws Exception {
        try (ReceivedBytesWitness w = new ReceivedBytesWitness("HELLO\r\n", hp -> "targets = [\"" + hp + "\"]")) {
            String hostPort = w.settings().replaceAll(".*\"(.*)\".*", "$1");
            int colon = hostPort.lastIndexOf(':');
            try (Socket quiet = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)))) {
                assertThat(quiet.getInputStream().readNBytes(7)).isEqualTo("HELLO\r\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(w.writes()).as("a client that only reads").isZero();
            try (Socket chatty = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
                 OutputStream out = chatty.getOutputStream()) {
                out.write("QUIT\r\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(w.writes()).isEqualTo(6);
        }
    }
}
