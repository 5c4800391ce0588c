package io.watchtower.runtime.channel;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.watchtower.net.LettuceHandshake;
import io.watchtower.net.LettuceResources;
import io.watchtower.net.LettuceTls;
import io.watchtower.runtime.escalation.Notification;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * A Redis Stream: each notification is one entry, {@code XADD <stream> MAXLEN ~ <max-length> *}
 * with fields {@code id} (the notification id), {@code signal_id}, {@code fingerprint},
 * {@code component}, {@code check}, {@code state}, {@code severity}, {@code reason},
 * {@code flapping} ({@code true} for a firing of a flapping series), {@code text} (the readable
 * message, as the console and chat channels say it) and {@code json} (the wire form). Consumers deduplicate on {@code id}: a retried entry carries the
 * same one. Spoken through Lettuce on the process's shared resources ({@link LettuceResources}),
 * one connection opened by the first delivery and again after a failure; over TLS when the
 * channel has a {@code tls { ca-file, verify, server-name }} block ({@link LettuceTls}, as the
 * redis-queue tower).
 */
final class RedisStreamChannel implements SignalChannel {

    private final String name;
    private final String host;
    private final int port;
    private final int database;
    private final Path passwordFile;
    private final String stream;
    private final long maxLength;
    private final Duration timeout;
    private final LettuceTls tls;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    /**
     * @param name the channel's name
     * @param uri {@code redis://host:port[/db]}
     * @param passwordFile a file holding the password, or null for no AUTH
     * @param stream the stream's key
     * @param maxLength the approximate cap on the stream's length
     * @param timeout how long a connection and an XADD may take each
     * @param tls TLS to the server, or null for plain TCP
     */
    RedisStreamChannel(String name, URI uri, Path passwordFile, String stream, long maxLength, Duration timeout,
                       LettuceTls tls) {
        this.name = name;
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 6379 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        this.database = path.isEmpty() ? 0 : Integer.parseInt(path);
        this.passwordFile = passwordFile;
        this.stream = stream;
        this.maxLength = maxLength;
        this.timeout = timeout;
        this.tls = tls;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void deliver(Notification n) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", n.id());
        fields.put("signal_id", n.signal().id());
        fields.put("fingerprint", n.signal().fingerprint());
        fields.put("component", n.signal().component());
        fields.put("check", n.signal().check());
        fields.put("state", n.signal().state().wireName());
        fields.put("severity", n.signal().severity().wireName());
        fields.put("reason", n.reason());
        fields.put("flapping", Boolean.toString(NotificationText.flapping(n.signal())));
        fields.put("text", new NotificationText(n, "").full());
        fields.put("json", n.json());
        RedisFuture<String> added = connection().async()
                .xadd(stream, XAddArgs.Builder.maxlen(maxLength).approximateTrimming(), fields);
        try {
            added.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeConnection(); // the next delivery opens a fresh one
            throw new IOException("XADD to " + host + ":" + port + " not answered within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            closeConnection();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException("XADD to " + host + ":" + port + " failed: " + cause.getMessage(), cause);
        }
    }

    private StatefulRedisConnection<String, String> connection() throws IOException {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        closeConnection();
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                .withTimeout(timeout);
        if (passwordFile != null) {
            b.withPassword(Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray());
        }
        if (tls != null) {
            tls.secure(b);
        }
        RedisURI uri = b.build();
        uri.setLibraryName("");
        uri.setLibraryVersion("");
        if (client == null) {
            client = RedisClient.create(LettuceResources.shared());
            ClientOptions.Builder options = ClientOptions.builder()
                    .protocolVersion(ProtocolVersion.RESP2)
                    .autoReconnect(false)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                    .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                    .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build());
            if (tls != null) {
                options.sslOptions(tls.sslOptions(timeout));
            }
            client.setOptions(options.build());
        }
        try {
            // a refused AUTH is reported as the refusal, not as a connection closed during the handshake
            connection = LettuceHandshake.connect(client, uri, timeout);
            return connection;
        } catch (TimeoutException e) {
            throw new IOException("no connection to " + host + ":" + port + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + host + ":" + port, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            SSLException handshake = handshakeFailure(cause);
            if (handshake != null) {
                throw new IOException(tls.settings().handshakeFailure(host + ":" + port, handshake), cause);
            }
            RedisCommandExecutionException refused = LettuceHandshake.refusal(cause);
            if (refused != null) {
                throw new IOException("Redis " + host + ":" + port + " refused the connection: " + refused.getMessage()
                        + (passwordFile == null ? "" : " (password from " + passwordFile + ")"), cause);
            }
            throw new IOException("no connection to " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
    }

    /** @return the TLS failure behind a failed connection, or null when it was none */
    private SSLException handshakeFailure(Throwable failure) {
        for (Throwable t = failure; tls != null && t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.closeAsync();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
    }
}
