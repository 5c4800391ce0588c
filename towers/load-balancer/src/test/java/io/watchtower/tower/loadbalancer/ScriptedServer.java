package io.watchtower.tower.loadbalancer;

import javax.net.ssl.SSLContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP "server" on a real socket (plain or TLS) that answers every connection with a script:
 * exact bytes, at an exact pace, so the client's parsing and deadlines can be pinned down.
 */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one connection. */
    interface Script {
        void serve(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final List<Socket> open = new ArrayList<>();

    private ScriptedServer(ServerSocket server, Script script) throws IOException {
        this.server = server;
        this.script = script;
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread acceptor = new Thread(this::accept, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedServer plain(Script script) throws IOException {
        return new ScriptedServer(new ServerSocket(), script);
    }

    static ScriptedServer tls(SSLContext context, Script script) throws IOException {
        return new ScriptedServer(context.getServerSocketFactory().createServerSocket(), script);
    }

    /** A script that reads the request head and answers {@code response} at once. */
    static Script answering(String response) {
        return (socket, in, out) -> {
            requestHead(in);
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        };
    }

    int port() {
        return server.getLocalPort();
    }

    /** @return {@code scheme://host:port/path} */
    java.net.URI uri(String scheme, String host, String path) {
        return java.net.URI.create(scheme + "://" + host + ":" + port() + path);
    }

    /** Reads a request head, up to and including its empty line. */
    static String requestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (open) {
                    open.add(s);
                }
                Thread t = new Thread(() -> serve(s), "scripted-server-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            script.serve(s, in, out);
        } catch (Exception e) {
            // the client went away or the handshake failed: both are what some tests want
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (open) {
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
