package io.watchtower.runtime.channel;

import io.watchtower.runtime.escalation.Notification;
import io.watchtower.runtime.signal.Signal;

import java.io.IOException;
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
 * same one. Spoken over a minimal RESP client rather than Lettuce: the core needs one command,
 * and keeping Lettuce (and its Netty coupling) out of the core leaves towers free to bring their own.
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
        try {
            connection().command(xadd);
        } catch (IOException e) {
            closeConnection();
            throw e;
        }
    }

    private RespConnection connection() throws IOException {
        if (connection == null) {
            RespConnection c = new RespConnection(host, port, timeout);
            try {
                if (passwordFile != null) {
                    c.command(List.of("AUTH", Files.readString(passwordFile, StandardCharsets.UTF_8).strip()));
                }
                if (database != 0) {
                    c.command(List.of("SELECT", Integer.toString(database)));
                }
            } catch (IOException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConnection();
    }
}
