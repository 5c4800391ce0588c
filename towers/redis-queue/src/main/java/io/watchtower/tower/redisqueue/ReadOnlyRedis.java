package io.watchtower.tower.redisqueue;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The only way the tower talks to Redis: a handful of read commands, dispatched through Lettuce.
 * Every command goes through {@link #send}, which refuses anything outside {@link #ALLOWED} before
 * a byte is written, and the connection itself is never handed out.
 *
 * <p>Each command waits for its reply at most until the deadline set by {@link #until(long)}: the
 * end of this server's share of the probe. Lettuce's own connection
 * handshake ({@code AUTH}, {@code CLIENT SETNAME}, {@code SELECT}) happens before this facade
 * exists and changes nothing but the connection's own state.
 */
final class ReadOnlyRedis {

    /** Every command the tower may send. All are read-only. */
    static final Set<CommandType> ALLOWED = EnumSet.of(CommandType.PING, CommandType.INFO, CommandType.XINFO,
            CommandType.XLEN, CommandType.LLEN, CommandType.XPENDING);

    private final StatefulRedisConnection<String, String> connection;
    /** {@link System#nanoTime()} by which every reply must have come. */
    private long deadlineNanos;

    /** @param connection an open connection; set its deadline with {@link #until(long)} before a command */
    ReadOnlyRedis(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
        this.deadlineNanos = System.nanoTime();
    }

    /**
     * @param nanos the {@link System#nanoTime()} by which every following reply must have come
     * @return this
     */
    ReadOnlyRedis until(long nanos) {
        this.deadlineNanos = nanos;
        return this;
    }

    /** @return the PING reply */
    String ping() throws IOException, RedisRefusal {
        return send(CommandType.PING, new StatusOutput<>(StringCodec.UTF8), args());
    }

    /** @return the default INFO sections, parsed */
    Info info() throws IOException, RedisRefusal {
        return Info.parse(String.valueOf(send(CommandType.INFO, new ValueOutput<>(StringCodec.UTF8), args())));
    }

    /**
     * @param stream a stream key
     * @return its length; 0 when it does not exist
     */
    long xlen(String stream) throws IOException, RedisRefusal {
        return integer(send(CommandType.XLEN, new IntegerOutput<>(StringCodec.UTF8), args().addKey(stream)));
    }

    /**
     * @param list a list key
     * @return its length; 0 when it does not exist
     */
    long llen(String list) throws IOException, RedisRefusal {
        return integer(send(CommandType.LLEN, new IntegerOutput<>(StringCodec.UTF8), args().addKey(list)));
    }

    /**
     * @param stream a stream key
     * @return {@code XINFO GROUPS}: one flat field/value list per group
     */
    List<Object> xinfoGroups(String stream) throws IOException, RedisRefusal {
        return send(CommandType.XINFO, new ReplyTree(), args().add("GROUPS").addKey(stream));
    }

    /**
     * @param stream a stream key
     * @param group a consumer group
     * @return {@code XINFO CONSUMERS}: one flat field/value list per consumer
     */
    List<Object> xinfoConsumers(String stream, String group) throws IOException, RedisRefusal {
        return send(CommandType.XINFO, new ReplyTree(), args().add("CONSUMERS").addKey(stream).add(group));
    }

    /**
     * @param stream a stream key
     * @param group a consumer group
     * @return {@code XPENDING stream group - + 1}: the oldest pending entry, if any, as
     *         [id, consumer, idle ms, deliveries]
     */
    List<Object> oldestPending(String stream, String group) throws IOException, RedisRefusal {
        return send(CommandType.XPENDING, new ReplyTree(),
                args().addKey(stream).add(group).add("-").add("+").add(1));
    }

    /** @return whether the connection can still take commands */
    boolean isOpen() {
        return connection.isOpen();
    }

    /** Closes the connection; a command waiting for its reply fails at once. */
    void close() {
        connection.closeAsync();
    }

    private static CommandArgs<String, String> args() {
        return new CommandArgs<>(StringCodec.UTF8);
    }

    /**
     * Sends one command if, and only if, it is allowed, and waits for its reply.
     *
     * @param command the command
     * @param output how Lettuce decodes its reply
     * @param args its arguments
     * @return the reply
     * @throws ForbiddenCommandException for any command outside {@link #ALLOWED}; nothing is sent
     * @throws RedisRefusal when the server answers with an error; the connection stays usable
     * @throws IOException when no reply comes within the timeout, the connection breaks or the
     *         reply is not one Lettuce can decode; the caller must drop the connection
     */
    <T> T send(CommandType command, CommandOutput<String, String, T> output, CommandArgs<String, String> args)
            throws IOException, RedisRefusal {
        if (!ALLOWED.contains(command)) {
            throw new ForbiddenCommandException(command);
        }
        long wait = Math.max(0, deadlineNanos - System.nanoTime());
        RedisFuture<T> reply = connection.async().dispatch(command, output, args);
        try {
            return reply.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new IOException("no reply to " + command + " within " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms", e);
        } catch (InterruptedException e) {
            reply.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RedisCommandExecutionException) {
                throw new RedisRefusal(cause.getMessage(), cause);
            }
            throw new IOException(command + " failed: " + ServerWatch.describe(cause), cause);
        }
    }

    private static long integer(Long reply) throws IOException {
        if (reply == null) {
            throw new IOException("expected an integer reply, got nil");
        }
        return reply;
    }

    /** A command outside the allow-list was asked for; it was not sent. */
    static final class ForbiddenCommandException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ForbiddenCommandException(CommandType command) {
            super("command " + command + " is not one of the read commands this tower may send: " + ALLOWED);
        }
    }
}
