package io.watchtower.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core's modules follow the flow of an observation, and nothing reaches back up: the engine
 * (observation, judgement, journal), then the registry and escalation with its channels beside
 * each other, then the API that reads them, then the daemon's wiring. Read from the sources and
 * the poms, so a new import or dependency that breaks the order fails here.
 */
class ModuleLayeringTest {

    /** What each module of watchtower-core may use, besides spi, net and baseline. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "engine", Set.of(),
            "http", Set.of(),
            "registry", Set.of("engine"),
            "escalation", Set.of("engine", "http"),
            "api", Set.of("engine", "registry", "http"),
            "runtime", Set.of("engine", "http", "registry", "escalation", "api"));
    private static final Set<String> BELOW = Set.of("spi", "net", "baseline");
    private static final String ROOT = "io.watchtower.runtime";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    /** A type of the runtime named in an import or in code: the package is what precedes the capitalised name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.watchtower\\.runtime((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*(?:<!--.*?-->\\s*)?<groupId>io\\.watchtower</groupId>\\s*<artifactId>watchtower-([\\w-]+)"
                    + "</artifactId>(.*?)</dependency>", Pattern.DOTALL);

    private final Path core = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPackageLivesInOneModule() {
        Map<String, Set<String>> modulesOf = new TreeMap<>();
        for (String module : ALLOWED.keySet()) {
            for (Path file : sources(module)) {
                modulesOf.computeIfAbsent(packageOf(file), p -> new TreeSet<>()).add(module);
            }
        }
        assertThat(modulesOf).as("packages of the runtime").isNotEmpty();
        modulesOf.forEach((pkg, modules) -> assertThat(modules).as("modules holding %s", pkg).hasSize(1));
    }

    @Test
    void noModuleUsesAModuleAboveIt() {
        Map<String, String> moduleOf = moduleOfEachPackage();
        List<String> upward = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            for (Path file : sources(module)) {
                for (String used : referencedPackages(file)) {
                    String owner = moduleOf.get(used);
                    if (owner != null && !owner.equals(module) && !ALLOWED.get(module).contains(owner)) {
                        upward.add(core.relativize(file) + " uses " + used + " of module " + owner);
                    }
                }
            }
        }
        assertThat(upward).as("references to a module above").isEmpty();
    }

    @Test
    void everyPomDependsOnlyOnModulesBelow() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String module : ALLOWED.keySet()) {
            String pom = Files.readString(core.resolve(module).resolve("pom.xml"));
            Matcher m = DEPENDENCY.matcher(pom);
            while (m.find()) {
                String used = m.group(1);
                boolean testOnly = m.group(2).contains("<scope>test</scope>");
                if (!testOnly && !BELOW.contains(used) && !ALLOWED.get(module).contains(used)) {
                    wrong.add(module + " depends on " + used);
                }
            }
        }
        assertThat(wrong).as("pom dependencies on a module above or beside").isEmpty();
    }

    @Test
    void noPackagesImportEachOther() {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String module : ALLOWED.keySet()) {
            for (Path file : sources(module)) {
                String pkg = packageOf(file);
                Set<String> uses = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
                referencedPackages(file).stream().filter(p -> !p.equals(pkg)).forEach(uses::add);
            }
        }
        assertThat(graph).hasSizeGreaterThan(10);
        assertThat(cycles(graph)).as("packages that reach themselves through their imports").isEmpty();
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"), "e", Set.of());
        assertThat(cycles(graph)).containsExactly(Set.of("a", "b", "c"));
        assertThat(cycles(Map.of("a", Set.of("b"), "b", Set.of()))).isEmpty();
    }

    private Map<String, String> moduleOfEachPackage() {
        Map<String, String> moduleOf = new HashMap<>();
        for (String module : ALLOWED.keySet()) {
            sources(module).forEach(file -> moduleOf.put(packageOf(file), module));
        }
        return moduleOf;
    }

    private List<Path> sources(String module) {
        Path dir = core.resolve(module).resolve("src/main/java");
        assertThat(dir).as("sources of module %s", module).isDirectory();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String packageOf(Path file) {
        Matcher m = PACKAGE.matcher(read(file));
        assertThat(m.find()).as("package of %s", file).isTrue();
        return m.group(1);
    }

    /** Packages of the runtime named in a file's imports, code and documentation. */
    private static Set<String> referencedPackages(Path file) {
        Set<String> used = new TreeSet<>();
        Matcher m = REFERENCE.matcher(read(file));
        while (m.find()) {
            used.add(ROOT + m.group(1));
        }
        return used;
    }

    /** Strongly connected groups of more than one package (Tarjan), each a cycle of imports. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new LinkedHashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(start)) {
                connect(start, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> found) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, onStack, found);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(node));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }
}
