package io.watchtower.runtime.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the towers' {@code depends-on} as a whole: every name is a component some tower watches,
 * and the dependencies form no cycle. A cycle would make every component in it suppress the
 * others while all are down, so nobody would be paged.
 *
 * <p>{@code depends-on} names <em>components</em>, not tower ids: signals are grouped, paged and
 * suppressed per component, and several towers (on several hosts) may watch one component.
 */
final class TopologyCheck {

    private TopologyCheck() {
    }

    /**
     * @param towers the valid towers
     * @param problems where problems are added, each on the {@code depends-on} key that causes it
     */
    static void check(Collection<TowerConfig> towers, List<ConfigProblem> problems) {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        Map<String, TowerConfig> byId = new HashMap<>();
        for (TowerConfig t : towers) {
            graph.computeIfAbsent(t.component(), c -> new LinkedHashSet<>());
            byId.put(t.id(), t);
        }
        boolean unknown = false;
        for (TowerConfig t : towers) {
            for (String dependency : t.dependsOn()) {
                if (graph.containsKey(dependency)) {
                    graph.get(t.component()).add(dependency);
                    continue;
                }
                unknown = true;
                TowerConfig named = byId.get(dependency);
                String message = named != null
                        ? "\"" + dependency + "\" is a tower id; depends-on takes components: use its component \""
                        + named.component() + "\""
                        : "unknown component \"" + dependency + "\": no tower watches it; expected one of "
                        + new TreeSet<>(graph.keySet());
                problems.add(new ConfigProblem(origin(t), t.path() + ".depends-on", message));
            }
        }
        if (unknown) {
            return;
        }
        Set<String> done = new LinkedHashSet<>();
        for (String component : graph.keySet()) {
            List<String> cycle = cycleFrom(component, graph, new ArrayList<>(), done);
            if (cycle != null) {
                report(cycle, towers, problems);
            }
        }
    }

    /** Reports a cycle on the latest {@code depends-on} in the file that is part of it, the cycle read from there. */
    private static void report(List<String> cycle, Collection<TowerConfig> towers, List<ConfigProblem> problems) {
        TowerConfig culprit = null;
        int edge = 0;
        for (int i = 0; i + 1 < cycle.size(); i++) {
            String from = cycle.get(i);
            String to = cycle.get(i + 1);
            for (TowerConfig t : towers) {
                if (t.component().equals(from) && t.dependsOn().contains(to)
                        && (culprit == null || line(t) > line(culprit))) {
                    culprit = t;
                    edge = i;
                }
            }
        }
        List<String> path = new ArrayList<>(cycle.subList(edge, cycle.size() - 1));
        path.addAll(cycle.subList(0, edge + 1));
        problems.add(new ConfigProblem(origin(culprit), culprit.path() + ".depends-on",
                "dependency cycle " + String.join(" -> ", path) + ": while all of them are down each"
                        + " suppresses the others and nothing is paged; expected dependencies without cycles"));
    }

    /** Depth-first: the first cycle reachable from {@code component} not yet reported, as a closed path. */
    private static List<String> cycleFrom(String component, Map<String, Set<String>> graph, List<String> path,
                                          Set<String> done) {
        if (done.contains(component)) {
            return null;
        }
        int at = path.indexOf(component);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
            cycle.add(component);
            return cycle;
        }
        path.add(component);
        for (String next : graph.getOrDefault(component, Set.of())) {
            List<String> cycle = cycleFrom(next, graph, path, done);
            if (cycle != null) {
                done.addAll(cycle);
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(component);
        return null;
    }

    private static ConfigValue dependsOn(TowerConfig tower) {
        ConfigValue value = tower.block() instanceof ConfigObject o ? o.get("depends-on") : null;
        return value != null ? value : tower.block();
    }

    private static String origin(TowerConfig tower) {
        return ConfigProblem.describe(dependsOn(tower).origin());
    }

    private static int line(TowerConfig tower) {
        return dependsOn(tower).origin() == null ? -1 : dependsOn(tower).origin().lineNumber();
    }
}
