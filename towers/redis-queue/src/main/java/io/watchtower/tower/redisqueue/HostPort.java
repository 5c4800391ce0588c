package io.watchtower.tower.redisqueue;

/** A {@code host:port} server address ({@code [v6]:port} for IPv6). */
record HostPort(String host, int port) {

    static HostPort parse(String text) {
        String s = text == null ? "" : text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return null;
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return null;
        }
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            return port < 1 || port > 65535 || host.isEmpty() ? null : new HostPort(host, port);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
