package io.watchtower.tower.loadbalancer;

import java.net.URI;

/** A URL probed through the load balancer; its target name is {@code name}, the URL by default. */
record Frontend(String name, URI uri, HttpMethod method, String backendHeader) {
}
