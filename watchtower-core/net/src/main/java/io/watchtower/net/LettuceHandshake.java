package io.watchtower.net;

import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens a Lettuce connection so that a server's refusal of a handshake command ({@code AUTH},
 * {@code SELECT}, {@code CLIENT SETNAME}) reaches the caller as that refusal, for the redis-queue
 * tower and the Redis Stream channel alike.
 *
 * <p>Lettuce's handshake handler closes the channel before it records a refused command; on a busy
 * machine the close can win ("Connection closed prematurely"), or the channel can be gone before
 * Lettuce looks for its handshake ("RedisHandshakeHandler not registered"), and a {@code WRONGPASS}
 * would read as an unreachable server. Such an attempt is made again, up to {@link #ATTEMPTS}
 * within the same limit: the next one sees the refusal; a peer that really closes during the
 * handshake costs a few quick attempts.
 */
public final class LettuceHandshake {

    /** Attempts at one connection whose handshake ended without the server's words reaching the caller. */
    public static final int ATTEMPTS = 4;

    /** Lettuce's words for a channel that closed before its handshake completed. */
    private static final String CLOSED_DURING_HANDSHAKE = "Connection closed prematurely";
    /** Lettuce's words for a channel whose handshake had ended, and the channel closed, before it looked. */
    private static final String HANDSHAKE_GONE = "RedisHandshakeHandler not registered";

    private LettuceHandshake() {
    }

    /**
     * Connects, trying again while an attempt's channel closed during the handshake with no word
     * from the server.
     *
     * @param client the client, on {@link LettuceResources#shared()}
     * @param uri the server, its credentials and database
     * @param limit how long every attempt together may take
     * @return the open connection
     * @throws TimeoutException when the limit passes first; a connection that opens later is closed at once
     * @throws ExecutionException the last attempt's failure as Lettuce reported it; {@link #refusal}
     *                            finds the server's refusal in it
     * @throws InterruptedException when interrupted while waiting
     */
    public static StatefulRedisConnection<String, String> connect(RedisClient client, RedisURI uri, Duration limit)
            throws TimeoutException, ExecutionException, InterruptedException {
        long until = System.nanoTime() + Math.max(1, limit.toNanos());
        for (int attempt = 1; ; attempt++) {
            ConnectionFuture<StatefulRedisConnection<String, String>> future = client.connectAsync(StringCodec.UTF8, uri);
            try {
                return future.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.whenComplete((late, error) -> {
                    if (late != null) {
                        late.closeAsync();
                    }
                });
                throw e;
            } catch (ExecutionException e) {
                if (!closedDuringHandshake(e) || attempt >= ATTEMPTS || until - System.nanoTime() <= 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * @param failure a failed connection or command
     * @return the server's refusal within it (its message is the server's, such as
     *     {@code WRONGPASS invalid username-password pair}), or null when there is none
     */
    public static RedisCommandExecutionException refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisCommandExecutionException refused) {
                return refused;
            }
        }
        return null;
    }

    /** @return whether a connection failed only because its channel closed during the handshake */
    static boolean closedDuringHandshake(Throwable failure) {
        if (refusal(failure) != null) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisConnectionException && t.getCause() == null && CLOSED_DURING_HANDSHAKE.equals(t.getMessage())
                    || t instanceof IllegalStateException && HANDSHAKE_GONE.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }
}
