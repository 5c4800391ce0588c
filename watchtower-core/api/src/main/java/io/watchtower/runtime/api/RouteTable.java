package io.watchtower.runtime.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The API's one table of routes: for each, the method and path template it matches, its label in
 * the request metrics, the scope a caller needs and whether it is quick enough for the event loop.
 * The first matching row wins.
 */
final class RouteTable {

    /**
     * One route.
     *
     * @param method the method, or null for any
     * @param prefix the template's text before its {@code {name}} part, or the whole path
     * @param suffix the template's text after its {@code {name}} part, or null for an exact path
     * @param label the metric label
     * @param scope the scope a caller needs, null for an open route (no token, no rate limit)
     * @param quick whether it answers from memory at once
     * @param endpoint what answers
     */
    record Route(String method, String prefix, String suffix, String label, Scope scope, boolean quick,
                 DaemonApi.Endpoint endpoint) {

        boolean matches(String requestMethod, String path) {
            if (method != null && !method.equals(RouteTable.method(requestMethod))) {
                return false;
            }
            if (suffix == null) {
                return path.equals(prefix);
            }
            return path.length() >= prefix.length() + suffix.length() && path.startsWith(prefix) && path.endsWith(suffix);
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** An open route of any method: no token, no rate limit. */
    void open(String path, boolean quick, DaemonApi.Endpoint endpoint) {
        routes.add(new Route(null, path, null, path, null, quick, endpoint));
    }

    /** A route labelled by its template. */
    void add(String method, String template, Scope scope, DaemonApi.Endpoint endpoint) {
        add(method, template, template, scope, endpoint);
    }

    /** A route with a label of its own (the method is prefixed unless GET). */
    void add(String method, String template, String label, Scope scope, DaemonApi.Endpoint endpoint) {
        if (scope == null) {
            throw new IllegalArgumentException("a route needs a scope: " + method + " " + template);
        }
        int open = template.indexOf('{');
        int close = template.indexOf('}', open + 1);
        if (open >= 0 && close < 0 || template.indexOf('{', close + 1) >= 0) {
            throw new IllegalArgumentException("a route template has at most one {name} part: " + template);
        }
        String prefix = open < 0 ? template : template.substring(0, open);
        String suffix = open < 0 ? null : template.substring(close + 1);
        routes.add(new Route(method, prefix, suffix, method.equals("GET") ? label : method + " " + label, scope,
                false, endpoint));
    }

    /** @return the first route that matches, or null */
    Route find(String method, String path) {
        for (Route r : routes) {
            if (r.matches(method, path)) {
                return r;
            }
        }
        return null;
    }

    /** @return the label of a request no route matches */
    static String otherLabel(String path) {
        return path.startsWith("/api/v1/") ? "/api/v1/other" : "other";
    }

    /** @return the method a route is matched by: HEAD is answered as GET */
    static String method(String requestMethod) {
        return requestMethod.equals("HEAD") ? "GET" : requestMethod;
    }
}
