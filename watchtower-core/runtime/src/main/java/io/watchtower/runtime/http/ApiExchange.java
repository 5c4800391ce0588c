package io.watchtower.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns one HTTP exchange into an {@link ApiRequest}, asks {@link ApiRoutes}, and writes the answer. */
final class ApiExchange implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExchange.class);

    private final ApiRoutes routes;

    ApiExchange(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ApiResponse answer = answer(exchange);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean noBody = answer.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
            // -1: no body; 0 would mean chunked
            exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("API connection error: {}", e.toString());
            throw e;
        }
    }

    private ApiResponse answer(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return ApiResponse.json(413, "{\"error\":\"request body larger than " + ApiServer.MAX_REQUEST_BYTES
                    + " bytes\"}");
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> query;
        try {
            query = query(exchange.getRequestURI().getRawQuery());
        } catch (IllegalArgumentException e) {
            return ApiResponse.json(400, "{\"error\":\"bad query string\"}");
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        InetSocketAddress remote = exchange.getRemoteAddress();
        String remoteAddress = remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "";
        try {
            return routes.answer(new ApiRequest(exchange.getRequestMethod(), path, query, headers, remoteAddress, body));
        } catch (RuntimeException e) {
            LOG.error("API request {} {} failed", exchange.getRequestMethod(), path, e);
            return ApiResponse.json(500, "{\"error\":\"internal error\"}");
        }
    }

    /** @return the body, or null when it is larger than the bound (the rest is not read) */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(ApiServer.MAX_REQUEST_BYTES + 1);
        return body.length > ApiServer.MAX_REQUEST_BYTES ? null : body;
    }

    /** Decodes {@code a=1&b=x%20y&a=2} ({@code +} is a space) into ordered lists of values. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }
}
