package io.watchtower.runtime.http;

import java.util.List;
import java.util.Map;

/**
 * Answers requests of the HTTP API. A request is answered on the listener's event loop when
 * {@link #quick} says so, and otherwise on one of its few worker threads: answer promptly either way.
 */
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

    /**
     * Whether a request is answered without touching the disk, a contended lock or the network, so
     * the listener may answer it on its event loop. Nothing is quick by default.
     *
     * @param request the request
     * @return true to answer on the event loop
     */
    default boolean quick(ApiRequest request) {
        return false;
    }
}
