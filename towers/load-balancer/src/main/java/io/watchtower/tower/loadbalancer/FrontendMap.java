package io.watchtower.tower.loadbalancer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which frontends send traffic to which backend, read from haproxy.cfg: {@code default_backend}
 * and {@code use_backend} lines of {@code frontend} and {@code listen} sections (a {@code listen}
 * section serves its own servers). The stats CSV does not say this, and an on-call engineer
 * reading "be_app/web1 is DOWN" wants to know which site is affected.
 */
final class FrontendMap {

    private static final long MAX_CONFIG_BYTES = 4L << 20;

    private FrontendMap() {
    }

    /**
     * @param config the haproxy.cfg path
     * @return backend name → sorted frontend names; empty when the file cannot be read
     */
    static Map<String, TreeSet<String>> read(Path config) {
        Map<String, TreeSet<String>> map = new LinkedHashMap<>();
        String text;
        try {
            if (Files.size(config) > MAX_CONFIG_BYTES) {
                return map;
            }
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return map;
        }
        String section = null;
        String name = null;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            boolean header = !Character.isWhitespace(raw.charAt(0)) || words[0].equals("frontend")
                    || words[0].equals("backend") || words[0].equals("listen");
            if (header && (words[0].equals("frontend") || words[0].equals("listen") || words[0].equals("backend")
                    || words[0].equals("defaults") || words[0].equals("global") || words[0].equals("peers")
                    || words[0].equals("resolvers") || words[0].equals("userlist") || words[0].equals("program")
                    || words[0].equals("cache") || words[0].equals("ring") || words[0].equals("http-errors"))) {
                section = words[0];
                name = words.length > 1 ? words[1] : null;
                if (section.equals("listen") && name != null) {
                    map.computeIfAbsent(name, k -> new TreeSet<>()).add(name);
                }
                continue;
            }
            if (name == null || !(section.equals("frontend") || section.equals("listen")) || words.length < 2) {
                continue;
            }
            if (words[0].equals("default_backend") || words[0].equals("use_backend")) {
                map.computeIfAbsent(words[1], k -> new TreeSet<>()).add(name);
            }
        }
        return map;
    }
}
