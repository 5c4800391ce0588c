package io.watchtower.tower.networkpath;

/**
 * A target: {@code host:port} for TCP, {@code host} for ICMP. Its name is exactly what the
 * configuration says, so the same target seen from several hosts has the same series key.
 *
 * @param port the TCP port, or -1 for an ICMP target
 */
record Target(String name, String host, int port) {

    /** @return a {@code host:port} target ({@code [v6]:port} for IPv6), or null when the text is not one */
    static Target parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
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
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            return null;
        }
        return new Target(s, host, port);
    }

    /** @return a host-only target for ICMP (a name, an IPv4 or a bare IPv6 address), or null */
    static Target parseHost(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        String host = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (host.isEmpty() || host.contains("/") || host.contains(" ")
                || (!host.contains("::") && host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':'))) {
            return null;
        }
        return new Target(s, host, -1);
    }
}
