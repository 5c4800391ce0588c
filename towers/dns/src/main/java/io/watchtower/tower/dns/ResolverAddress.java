package io.watchtower.tower.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A resolver's address and the label it has in target names: the address as an operator writes
 * it, with the port only when it is not 53, so the same resolver has the same name on every host.
 */
record ResolverAddress(String label, InetSocketAddress address) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    static ResolverAddress of(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        boolean v6 = host.contains(":");
        String label = address.getPort() == 53 ? host : (v6 ? "[" + host + "]" : host) + ":" + address.getPort();
        return new ResolverAddress(label, address);
    }

    /** @return the address, or null when {@code text} is not an IP address with an optional port */
    static ResolverAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        String host;
        int port = 53;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = port(rest.substring(1));
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1));
        } else {
            host = s;
        }
        if (port < 1 || !(IPV4.matcher(host).matches() || IPV6.matcher(host).matches())) {
            return null;
        }
        try {
            // a literal: no lookup happens
            return of(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
