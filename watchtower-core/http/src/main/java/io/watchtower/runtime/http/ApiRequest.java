package io.watchtower.runtime.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request, as the routes see it.
 *
 * @param method the HTTP method
 * @param path the decoded path
 * @param query query parameters
 * @param headers request headers, keys in lower case
 * @param remoteAddress the client's IP address
 * @param body the request body (bounded by the listener)
 */
public record ApiRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                         String remoteAddress, byte[] body) {

    /**
     * @param name a header name, any case
     * @return its value, or null
     */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * @param name a query parameter
     * @return its first value, or null
     */
    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** @return the body as UTF-8 text */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
