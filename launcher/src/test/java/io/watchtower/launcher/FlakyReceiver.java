package io.watchtower.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

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
            for (int attempt = 0; ; attempt++) {
                try {
                    server = start(port);
                    return;
                } catch (IOException e) {
                    if (attempt > 50) {
                        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " again", e);
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
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
