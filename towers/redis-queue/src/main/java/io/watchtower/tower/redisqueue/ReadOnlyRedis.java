package io.watchtower.tower.redisqueue;

import io.watchtower.resp.RespConnection;
import io.watchtower.resp.RespErrorReply;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The only way the tower talks to Redis: a handful of read commands. Every command goes through
 * {@link #send}, which refuses anything outside {@link #ALLOWED} before a byte is written, and the
 * connection itself is never handed out.
 *
 * <p>The connection's handshake ({@code AUTH}, {@code CLIENT SETNAME}, {@code SELECT}) happens
 * before this facade exists and changes nothing but the connection's own state.
 */
final class ReadOnlyRedis {

    /** Every command the tower may send. All are read-only. */
    static final Set<String> ALLOWED = Set.of("PING", "INFO", "XINFO", "XLEN", "LLEN", "XPENDING");

    private final RespConnection connection;

    ReadOnlyRedis(RespConnection connection) {
        this.connection = connection;
    }

    /** @return the PING reply */
    String ping() throws IOException, RespErrorReply {
        return String.valueOf(send("PING"));
    }

    /** @return the default INFO sections, parsed */
    Info info() throws IOException, RespErrorReply {
        return Info.parse(String.valueOf(send("INFO")));
    }

    /**
     * @param stream a stream key
     * @return its length; 0 when it does not exist
     */
    long xlen(String stream) throws IOException, RespErrorReply {
        return integer(send("XLEN", stream));
    }

    /**
     * @param list a list key
     * @return its length; 0 when it does not exist
     */
    long llen(String list) throws IOException, RespErrorReply {
        return integer(send("LLEN", list));
    }

    /**
     * @param stream a stream key
     * @return {@code XINFO GROUPS}: one flat field/value list per group
     */
    List<Object> xinfoGroups(String stream) throws IOException, RespErrorReply {
        return array(send("XINFO", "GROUPS", stream));
    }

    /**
     * @param stream a stream key
     * @param group a consumer group
     * @return {@code XINFO CONSUMERS}: one flat field/value list per consumer
     */
    List<Object> xinfoConsumers(String stream, String group) throws IOException, RespErrorReply {
        return array(send("XINFO", "CONSUMERS", stream, group));
    }

    /**
     * @param stream a stream key
     * @param group a consumer group
     * @return {@code XPENDING stream group - + 1}: the oldest pending entry, if any, as
     *         [id, consumer, idle ms, deliveries]
     */
    List<Object> oldestPending(String stream, String group) throws IOException, RespErrorReply {
        return array(send("XPENDING", stream, group, "-", "+", "1"));
    }

    /**
     * Sends one command if, and only if, it is allowed.
     *
     * @param command the command's name, any case
     * @param arguments its arguments
     * @return the reply
     * @throws ForbiddenCommandException for any command outside {@link #ALLOWED}; nothing is sent
     */
    Object send(String command, String... arguments) throws IOException, RespErrorReply {
        String name = command.toUpperCase(Locale.ROOT);
        if (!ALLOWED.contains(name)) {
            throw new ForbiddenCommandException(name);
        }
        List<String> line = new ArrayList<>(arguments.length + 1);
        line.add(name);
        line.addAll(List.of(arguments));
        return connection.call(line);
    }

    private static long integer(Object reply) throws IOException {
        if (reply instanceof Long n) {
            return n;
        }
        throw new IOException("expected an integer reply, got " + describe(reply));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object reply) throws IOException {
        if (reply == null) {
            return List.of();
        }
        if (reply instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new IOException("expected an array reply, got " + describe(reply));
    }

    private static String describe(Object reply) {
        return reply == null ? "nil" : reply.getClass().getSimpleName();
    }

    /** A command outside the allow-list was asked for; it was not sent. */
    static final class ForbiddenCommandException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ForbiddenCommandException(String command) {
            super("command " + command + " is not one of the read commands this tower may send: "
                    + new java.util.TreeSet<>(ALLOWED));
        }
    }
}
