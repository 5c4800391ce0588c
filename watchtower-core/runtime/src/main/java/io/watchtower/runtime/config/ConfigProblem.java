package io.watchtower.runtime.config;

import com.typesafe.config.ConfigOrigin;

/**
 * One thing wrong with a configuration: where, which key, and what was expected.
 *
 * @param origin file and line, for example {@code "/etc/watchtower/web.conf:12"}
 * @param key the full path of the offending key
 * @param message what is wrong and what was expected
 */
public record ConfigProblem(String origin, String key, String message) {

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

    @Override
    public String toString() {
        return origin + ": " + key + ": " + message;
    }
}
