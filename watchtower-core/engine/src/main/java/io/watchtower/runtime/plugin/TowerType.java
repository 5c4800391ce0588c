package io.watchtower.runtime.plugin;

import io.watchtower.spi.TowerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An installed tower type: its factory and where it was loaded from.
 *
 * @param factory the factory
 * @param source where it came from: a folder of jars, or {@code "class path"}
 * @param loader the class loader its classes and resources come from
 */
public record TowerType(TowerFactory factory, String source, ClassLoader loader) {

    /** @return the type name */
    public String name() {
        return factory.type();
    }

    /** @return the {@code sample.conf} shipped in the tower's jar, if any */
    public Optional<String> sampleConfig() {
        return resource("META-INF/watchtower/sample.conf");
    }

    /** @return the {@code README.md} shipped in the tower's jar, if any */
    public Optional<String> readme() {
        return resource("META-INF/watchtower/README.md");
    }

    private Optional<String> resource(String name) {
        // Ask the factory's own jar first: on a shared class path several towers ship the same name.
        String classFile = factory.getClass().getName().replace('.', '/') + ".class";
        java.net.URL self = loader.getResource(classFile);
        try {
            if (self != null && "jar".equals(self.getProtocol())) {
                String jar = self.toString().substring(0, self.toString().indexOf("!/") + 2);
                try (InputStream in = new java.net.URL(jar + name).openStream()) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            if (self != null && "file".equals(self.getProtocol())) {
                String root = self.toString().substring(0, self.toString().length() - classFile.length());
                try (InputStream in = new java.net.URL(root + name).openStream()) {
                    return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
