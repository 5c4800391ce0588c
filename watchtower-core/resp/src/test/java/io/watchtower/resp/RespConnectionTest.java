package io.watchtower.resp;

import static io.watchtower.resp.ScriptedPeer.drip;
import static io.watchtower.resp.ScriptedPeer.hangUp;
import static io.watchtower.resp.ScriptedPeer.send;
import static io.watchtower.resp.ScriptedPeer.silence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client against peers that misbehave on a real socket: every failure is an exception within
 * the deadline, with a bounded allocation, and closes the connection; an error reply does not.
 */
class RespConnectionTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private static RespEndpoint endpoint(ScriptedPeer peer) {
        return RespEndpoint.of("127.0.0.1", peer.port(), TIMEOUT);
    }

    @Test
    void sendsCommandsAsArraysOfBulkStringsAndParsesNestedReplies() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("*3\r\n$3\r\nfoo\r\n*2\r\n:12\r\n$-1\r\n+OK\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            Object reply = c.call("XINFO", "GROUPS", "commandes-été");
            assertThat(reply).isEqualTo(Arrays.asList("foo", Arrays.asList(12L, null), "OK"));
            assertThat(peer.received).containsExactly(
                    "*3\r\n$5\r\nXINFO\r\n$6\r\nGROUPS\r\n$15\r\ncommandes-été\r\n");
        }
    }

    @Test
    void handshakeAuthenticatesNamesAndSelectsInOrder() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("+OK\r\n"), send("+OK\r\n"), send("+OK\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer).withAuth("tower", "s3cret")
                     .withClientName("watchtower").withDatabase(3))) {
            assertThat(c.isOpen()).isTrue();
            assertThat(peer.received).containsExactly(
                    "*3\r\n$4\r\nAUTH\r\n$5\r\ntower\r\n$6\r\ns3cret\r\n",
                    "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$10\r\nwatchtower\r\n",
                    "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n");
            assertThat(c.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void aRefusedHandshakeIsAnErrorReplyAndLeavesNothingOpen() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("-WRONGPASS invalid username-password pair\r\n"))) {
            assertThatThrownBy(() -> RespConnection.open(endpoint(peer).withAuth(null, "nope")))
                    .isInstanceOf(RespErrorReply.class)
                    .hasMessage("WRONGPASS invalid username-password pair")
                    .satisfies(e -> assertThat(((RespErrorReply) e).code()).isEqualTo("WRONGPASS"));
        }
    }

    @Test
    void statusAndErrorLinesAreUtf8() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("-WRONGTYPE clé «commandes» is not a list\r\n"), send("+déjà\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThatThrownBy(() -> c.call("LLEN", "commandes")).hasMessage("WRONGTYPE clé «commandes» is not a list");
            assertThat(c.call("PING")).isEqualTo("déjà");
        }
    }

    @Test
    void anErrorReplyKeepsTheConnectionOpen() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("-NOPERM no\r\n"), send(":7\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThatThrownBy(() -> c.call("INFO")).isInstanceOf(RespErrorReply.class).hasMessage("NOPERM no");
            assertThat(c.isOpen()).isTrue();
            assertThat(c.call("LLEN", "jobs")).isEqualTo(7L);
        }
    }

    @Test
    void aPeerThatDripsBytesCannotStretchTheDeadline() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(drip("$20\r\nabcdefghijklmnopqrst\r\n", 100));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("within 500 ms");
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(tookMillis).isBetween(450L, 900L);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void aSilentPeerDuringTheHandshakeFailsTheOpenWithinTheTimeout() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(silence())) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> RespConnection.open(endpoint(peer).withAuth(null, "x")))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(450L, 900L);
        }
    }

    @Test
    void garbageIsAProtocolErrorAndClosesTheConnection() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("HTTP/1.1 400 Bad Request\r\n\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(RespProtocolException.class)
                    .hasMessageContaining("type byte 0x48");
            assertThat(c.isOpen()).isFalse();
            assertThatThrownBy(() -> c.call("PING")).hasMessageContaining("is closed");
        }
    }

    @Test
    void hugeDeclaredLengthsAreRefusedBeforeAllocating() throws Exception {
        for (String reply : List.of("$2000000000\r\n", "*2000000000\r\n", "$-7\r\n", ":12x\r\n")) {
            try (ScriptedPeer peer = new ScriptedPeer(send(reply));
                 RespConnection c = RespConnection.open(endpoint(peer))) {
                assertThatThrownBy(() -> c.call("INFO")).as(reply).isInstanceOf(RespProtocolException.class);
            }
        }
    }

    @Test
    void aReplyLargerThanItsBoundIsRefused() throws Exception {
        String big = "$100\r\n" + "x".repeat(100) + "\r\n";
        try (ScriptedPeer peer = new ScriptedPeer(send("*3\r\n" + big + big + big));
             RespConnection c = RespConnection.open(endpoint(peer).withMaxReplyBytes(250))) {
            assertThatThrownBy(() -> c.call("XINFO", "CONSUMERS", "s", "g"))
                    .isInstanceOf(RespProtocolException.class).hasMessageContaining("bound");
        }
    }

    @Test
    void deepNestingAndEndlessLinesAreRefused() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("*1\r\n".repeat(40) + ":1\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThatThrownBy(() -> c.call("INFO")).isInstanceOf(RespProtocolException.class)
                    .hasMessageContaining("nested");
        }
        try (ScriptedPeer peer = new ScriptedPeer(send("+" + "y".repeat(ReplyReader.MAX_LINE + 10)));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(RespProtocolException.class)
                    .hasMessageContaining("line longer");
        }
    }

    @Test
    void aPeerThatHangsUpMidReplyIsEndOfStream() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(hangUp("$10\r\nabc"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(EOFException.class);
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void bytesNobodyAskedForDesynchroniseNothing() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(send("+PONG\r\n+SURPRISE\r\n"), send("+PONG\r\n"));
             RespConnection c = RespConnection.open(endpoint(peer))) {
            assertThat(c.call("PING")).isEqualTo("PONG");
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(RespProtocolException.class)
                    .hasMessageContaining("no command asked for");
            assertThat(c.isOpen()).isFalse();
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedCommandAtOnce() throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(silence());
             RespConnection c = RespConnection.open(endpoint(peer).withTimeouts(TIMEOUT, Duration.ofSeconds(30)))) {
            Thread closer = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    return;
                }
                c.close();
            });
            closer.start();
            long started = System.nanoTime();
            assertThatThrownBy(() -> c.call("PING")).isInstanceOf(java.io.IOException.class);
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000L);
            closer.join();
        }
    }

    @Test
    void nothingListeningIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> RespConnection.open(RespEndpoint.of("127.0.0.1", port, TIMEOUT)))
                .isInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void endpointsAreValidated() {
        assertThatThrownBy(() -> RespEndpoint.of("h", 0, TIMEOUT)).hasMessageContaining("port");
        assertThatThrownBy(() -> RespEndpoint.of("h", 1, Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> RespEndpoint.of("h", 1, TIMEOUT).withAuth("u", null)).hasMessageContaining("password");
        assertThatThrownBy(() -> RespEndpoint.of("h", 1, TIMEOUT).withDatabase(-1)).hasMessageContaining("database");
    }
}
