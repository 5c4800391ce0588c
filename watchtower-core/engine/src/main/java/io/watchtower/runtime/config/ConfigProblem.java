package io.watchtower.runtime.config;

import com.typesafe.config.ConfigOrigin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One thing wrong with a configuration: where, which key, and what was expected.
 *
 * @param origin file and line, for example {@code "/etc/watchtower/web.conf:12"}
 * @param key the full path of the offending key
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String origin, String key, String message) {

    /**
     * @param e a setting's problem, as a tower or a shared settings reader reports it
     * @return the same problem: its origin, key and what was expected
     */
    public static ConfigProblem of(io.watchtower.spi.SettingsException e) {
        String message = e.getMessage();
        String prefix = e.origin() + ": " + e.key() + ": ";
        return new ConfigProblem(e.origin(), e.key(), message.startsWith(prefix) ? message.substring(prefix.length())
                : message);
    }

    /**
     * @param origin a Typesafe Config origin, may be null
     * @return {@code file:line}, or a description when the origin has no file
     */
    public static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "<unknown>";
        }
        String file = origin.filename() != null ? origin.filename()
                : origin.resource() != null ? origin.resource()
                : origin.description().replaceFirst(":\\s*\\d+(-\\d+)?$", "");
        return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
    }

    /**
     * @param e why a file named in the configuration could not be used
     * @return the reason in a few words, for example "no such file" or "permission denied"
     */
    public static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * @param problems problems
     * @return the same problems sorted by file, then line
     */
    public static List<ConfigProblem> inFileOrder(List<ConfigProblem> problems) {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparing(ConfigProblem::origin, ConfigProblem::compareOrigins));
        return List.copyOf(sorted);
    }

    private static int compareOrigins(String a, String b) {
        int ca = a.lastIndexOf(':');
        int cb = b.lastIndexOf(':');
        if (ca > 0 && cb > 0 && a.substring(0, ca).equals(b.substring(0, cb))) {
            try {
                return Integer.compare(Integer.parseInt(a.substring(ca + 1)), Integer.parseInt(b.substring(cb + 1)));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return origin + ": " + key + ": " + message;
    }
}
