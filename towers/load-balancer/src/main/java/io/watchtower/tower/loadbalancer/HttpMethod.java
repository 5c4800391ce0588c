package io.watchtower.tower.loadbalancer;

/** The only request methods the tower sends: neither changes anything on the server. */
enum HttpMethod {
    GET,
    /** Like GET, but the response has no body whatever its headers say. */
    HEAD
}
