package io.watchtower.runtime.http;

import java.util.List;
import java.util.Map;

/** Answers requests of the HTTP API. Called on one of the listener's request threads: answer quickly. */
@FunctionalInterface
public interface ApiRoutes {

    /**
     * @param method the HTTP method
     * @param path the decoded path, for example {@code /ready}
     * @param query query parameters
     * @return the answer
     */
    ApiResponse answer(String method, String path, Map<String, List<String>> query);

    /**
     * Answers a request with its headers, client address and body. By default it calls
     * {@link #answer(String, String, Map)}.
     *
     * @param request the request
     * @return the answer
     */
    default ApiResponse answer(ApiRequest request) {
        return answer(request.method(), request.path(), request.query());
    }
}
