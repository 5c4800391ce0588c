package io.watchtower.runtime.channel;

import io.watchtower.resp.RespConnection;
import io.watchtower.resp.RespEndpoint;
import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Stream: each notification is one entry, {@code XADD <stream> MAXLEN ~ <max-length> *}
 * with fields {@code id} (the notification id), {@code signal_id}, {@code fingerprint},
 * {@code component}, {@code check}, {@code state}, {@code severity}, {@code reason} and
 * {@code json} (the wire form). Consumers deduplicate on {@code id}: a retried entry carries the
 * same one. Spoken over the small RESP client ({@code watchtower-resp}) rather than Lettuce: the core
 * needs one command, and a full Redis client (Lettuce, Reactor, Netty) would cost the daemon
 * several MiB of classes and threads of its own.
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
    private RespConnection connection;

    RedisStreamChannel(String name, URI uri, Path passwordFile, String stream, long maxLength, Duration timeout) {
        this.name = name;
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 6379 : uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
        this.database = path.isEmpty() ? 0 : Integer.parseInt(path);
        this.passwordFile = passwordFile;
        this.stream = stream;
        this.maxLength = maxLength;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Signal signal, String json) throws Exception {
        throw new UnsupportedOperationException("the redis-stream channel delivers notifications");
    }

    @Override
    public synchronized void deliver(Notification n) throws Exception {
        List<String> xadd = new ArrayList<>(List.of("XADD", stream, "MAXLEN", "~", Long.toString(maxLength), "*",
                "id", n.id(), "signal_id", n.signal().id(), "fingerprint", n.signal().fingerprint(),
                "component", n.signal().component(), "check", n.signal().check(), "state", n.signal().state(),
                "severity", n.signal().severity(), "reason", n.reason(), "json", n.json()));
        connection().call(xadd); // an I/O failure closes the connection; the next delivery reopens it
    }

    private RespConnection connection() throws Exception {
        if (connection == null || !connection.isOpen()) {
            RespEndpoint endpoint = RespEndpoint.of(host, port, timeout).withDatabase(database);
            if (passwordFile != null) {
                endpoint = endpoint.withAuth(null, Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
            }
            connection = RespConnection.open(endpoint);
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
