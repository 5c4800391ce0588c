package io.watchtower.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.watchtower.runtime.time.Await;

import java.time.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * An HTTP receiver that can be taken down (the listener really closes: connection refused) and
 * brought back on the same port.
 */
final class FlakyReceiver implements AutoCloseable {

    /** Handles one request; returns the HTTP status to answer. */
    @FunctionalInterface
    interface Handler {
        int handle(HttpExchange exchange, byte[] body) throws IOException;
    }

    private final int port;
    private final Handler handler;
    private HttpServer server;

    FlakyReceiver(Handler handler) throws IOException {
        this.handler = handler;
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer start(int at) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", at), 50);
        s.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = handler.handle(exchange, body);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        s.start();
        return s;
    }

    int port() {
        return port;
    }

    synchronized boolean isUp() {
        return server != null;
    }

    synchronized void up() {
        if (server == null) {
            // the port may still be held for a moment after the last close
            server = Await.until("listening on 127.0.0.1:" + port + " again", Duration.ofSeconds(2), () -> {
                try {
                    return start(port);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, started -> true);
        }
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        down();
    }
}
