package io.watchtower.runtime.http;

import java.nio.charset.StandardCharsets;

/**
 * An answer of the HTTP API.
 *
 * @param status the HTTP status code
 * @param contentType the content type
 * @param body the body
 */
public record ApiResponse(int status, String contentType, byte[] body) {

    /**
     * @param status HTTP status
     * @param json a JSON document
     * @return a JSON response
     */
    public static ApiResponse json(int status, String json) {
        return new ApiResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param status HTTP status
     * @param text plain text
     * @return a text response
     */
    public static ApiResponse text(int status, String text) {
        return new ApiResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
