package io.watchtower.tower.redisqueue;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.output.ValueOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The only way the tower talks to Redis: a handful of read commands. Every command goes through
 * {@link #send}, which refuses anything outside {@link #ALLOWED} before a byte is written, and the
 * connection itself is never handed out.
 *
 * <p>Lettuce's own connection handshake (RESP2: {@code AUTH}, {@code CLIENT SETNAME},
 * {@code SELECT}, {@code PING}) happens before this facade exists and changes nothing but the
 * connection's own state.
 */
final class ReadOnlyRedis {

    /** Every command the tower may send. All are read-only. */
    static final Set<CommandType> ALLOWED = EnumSet.of(CommandType.PING, CommandType.INFO, CommandType.XINFO,
            CommandType.XLEN, CommandType.LLEN, CommandType.XPENDING);

    private final StatefulRedisConnection<String, String> connection;

    ReadOnlyRedis(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    /** @return the PING reply */
    String ping() {
        return send(CommandType.PING, new StatusOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8));
    }

    /** @return the default INFO sections, parsed */
    Info info() {
        return Info.parse(send(CommandType.INFO, new ValueOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8)));
    }

    /**
     * @param stream a stream key
     * @return its length; 0 when it does not exist
     */
    long xlen(String stream) {
        return send(CommandType.XLEN, new IntegerOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(stream));
    }

    /**
     * @param list a list key
     * @return its length; 0 when it does not exist
     */
    long llen(String list) {
        return send(CommandType.LLEN, new IntegerOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(list));
    }

    /**
     * @param stream a stream key
     * @return {@code XINFO GROUPS}: one flat field/value list per group
     */
    List<Object> xinfoGroups(String stream) {
        return send(CommandType.XINFO, new NestedMultiOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("GROUPS").addKey(stream));
    }

    /**
     * @param stream a stream key
     * @param group a consumer group
     * @return {@code XINFO CONSUMERS}: one flat field/value list per consumer
     */
    List<Object> xinfoConsumers(String stream, String group) {
        return send(CommandType.XINFO, new NestedMultiOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).add("CONSUMERS").addKey(stream).add(group));
    }

    /**
     * @param stream a stream key
     * @param group a consumer group
     * @return {@code XPENDING stream group - + 1}: the oldest pending entry, if any, as
     *         [id, consumer, idle ms, deliveries]
     */
    List<Object> oldestPending(String stream, String group) {
        return send(CommandType.XPENDING, new NestedMultiOutput<>(StringCodec.UTF8),
                new CommandArgs<>(StringCodec.UTF8).addKey(stream).add(group).add("-").add("+").add(1));
    }

    /**
     * Sends one command if, and only if, it is allowed.
     *
     * @throws ForbiddenCommandException for any command outside {@link #ALLOWED}; nothing is sent
     */
    <T> T send(ProtocolKeyword command, CommandOutput<String, String, T> output, CommandArgs<String, String> args) {
        if (!(command instanceof CommandType) || !ALLOWED.contains(command)) {
            throw new ForbiddenCommandException(command.toString());
        }
        return connection.sync().dispatch(command, output, args);
    }

    /** A command outside the allow-list was asked for; it was not sent. */
    static final class ForbiddenCommandException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ForbiddenCommandException(String command) {
            super("command " + command + " is not one of the read commands this tower may send: " + ALLOWED);
        }
    }
}
