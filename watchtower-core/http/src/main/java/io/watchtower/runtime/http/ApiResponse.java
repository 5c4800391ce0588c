package io.watchtower.runtime.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

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
     * A JSON object of one string field, such as {@code {"error":"unknown series"}}, escaped by Jackson's
     * string encoder (no object mapper).
     *
     * @param status HTTP status
     * @param field the field's name
     * @param value its value, or null
     * @return a JSON response
     */
    public static ApiResponse jsonField(int status, String field, String value) {
        StringBuilder json = new StringBuilder(field.length() + (value == null ? 8 : value.length()) + 8).append("{\"");
        JsonStringEncoder.getInstance().quoteAsString(field, json);
        json.append("\":");
        if (value == null) {
            json.append("null");
        } else {
            json.append('"');
            JsonStringEncoder.getInstance().quoteAsString(value, json);
            json.append('"');
        }
        return json(status, json.append('}').toString());
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
