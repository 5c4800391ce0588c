package io.watchtower.tower.networkpath;

/**
 * A host:port target. Its name is exactly what the configuration says, so the same target seen
 * from several hosts has the same series key.
 */
record Target(String name, String host, int port) {

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
}
