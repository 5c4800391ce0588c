package io.watchtower.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigParseable;
import com.typesafe.config.ConfigSyntax;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses one HOCON configuration file with its includes. A relative {@code include} (plain or
 * {@code file(...)}) is resolved against the directory of the file that holds it, whatever the
 * working directory; an include loop and a missing {@code include required(...)} are problems
 * naming the file and line of the {@code include} statement.
 */
public final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * @param file the file
     * @return its parsed (unresolved) content
     * @throws InvalidConfigException naming the file and line of a syntax error, a loop or a missing include
     */
    public static Config parse(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Includer includer = new Includer(absolute);
        try {
            return ConfigFactory.parseFile(absolute.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)
                    .setSyntax(ConfigSyntax.CONF).setIncluder(includer));
        } catch (ConfigException e) {
            String origin = e.origin() == null ? file.toString() : ConfigProblem.describe(e.origin());
            throw new InvalidConfigException(List.of(new ConfigProblem(origin, "-",
                    (includer.failed ? "" : "cannot parse: ") + ConfigLoader.stripOrigin(e))));
        }
    }

    /** Follows includes file by file, to resolve relative names and to name the including line. */
    private static final class Includer implements ConfigIncluder, ConfigIncluderFile {
        private final Deque<Path> including = new ArrayDeque<>();
        private ConfigIncluder fallback;
        private boolean failed;

        Includer(Path root) {
            including.push(root);
        }

        @Override
        public ConfigIncluder withFallback(ConfigIncluder fallback) {
            if (this.fallback == null) {
                this.fallback = fallback;
            }
            return this;
        }

        @Override
        public ConfigObject include(ConfigIncludeContext context, String what) {
            ConfigParseable target = context.relativeTo(what);
            String name = target == null ? null : target.origin().filename();
            return follow(name == null ? null : Path.of(name), what, () -> fallback.include(context, what));
        }

        @Override
        public ConfigObject includeFile(ConfigIncludeContext context, File what) {
            Path path = what.toPath();
            if (!path.isAbsolute() && including.peek().getParent() != null) {
                path = including.peek().getParent().resolve(path);
            }
            File resolved = path.toFile();
            return follow(path, what.toString(), () -> ((ConfigIncluderFile) fallback).includeFile(context, resolved));
        }

        private ConfigObject follow(Path target, String what, java.util.function.Supplier<ConfigObject> parse) {
            Path from = including.peek();
            ConfigOrigin statement = statement(from, what);
            if (target != null) {
                Path normal = target.toAbsolutePath().normalize();
                if (including.contains(normal)) {
                    failed = true;
                    throw new ConfigException.Parse(statement, "include loop: " + normal + " is already being read ("
                            + chain(normal) + ")");
                }
                including.push(normal);
            }
            try {
                return parse.get();
            } catch (ConfigException.IO e) {
                if (failed) {
                    throw e;
                }
                failed = true;
                throw new ConfigException.IO(statement, "required include " + what + " cannot be read: "
                        + ConfigLoader.stripOrigin(e));
            } finally {
                if (target != null) {
                    including.pop();
                }
            }
        }

        private String chain(Path again) {
            StringBuilder out = new StringBuilder();
            List<Path> order = new java.util.ArrayList<>(including);
            java.util.Collections.reverse(order);
            for (Path p : order) {
                out.append(p.getFileName()).append(" includes ");
            }
            return out.append(again.getFileName()).toString();
        }

        /** The origin of the {@code include} statement naming {@code what} in {@code file}. */
        private static ConfigOrigin statement(Path file, String what) {
            ConfigOrigin origin = ConfigOriginFactory.newFile(file.toString());
            Pattern pattern = Pattern.compile("^\\s*include\\b.*\"" + Pattern.quote(what) + "\"");
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (pattern.matcher(lines.get(i)).find()) {
                        return origin.withLineNumber(i + 1);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the file's name alone
            }
            return origin;
        }
    }
}
