package io.watchtower.runtime.escalation;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each component depends on, from the towers' {@code depends-on}: while a dependency fires,
 * its dependants are suppressed rather than paged separately.
 */
public final class Topology {

    private final Map<String, Set<String>> dependencies;

    /** @param dependencies dependency components by component */
    public Topology(Map<String, ? extends Iterable<String>> dependencies) {
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        dependencies.forEach((component, deps) -> {
            Set<String> set = copy.computeIfAbsent(component, c -> new LinkedHashSet<>());
            deps.forEach(set::add);
        });
        this.dependencies = copy;
    }

    /** @return a topology without dependencies */
    public static Topology none() {
        return new Topology(Map.of());
    }

    /**
     * @param component a component
     * @return what it depends on, directly and transitively, nearest first
     */
    public List<String> dependenciesOf(String component) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> frontier = List.of(component);
        while (!frontier.isEmpty()) {
            List<String> next = new java.util.ArrayList<>();
            for (String c : frontier) {
                for (String d : dependencies.getOrDefault(c, Set.of())) {
                    if (!d.equals(component) && seen.add(d)) {
                        next.add(d);
                    }
                }
            }
            frontier = next;
        }
        return List.copyOf(seen);
    }
}
