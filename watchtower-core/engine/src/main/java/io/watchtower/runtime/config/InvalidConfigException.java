package io.watchtower.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration cannot be used. Holds every problem found, one per line in the message. */
public class InvalidConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** @param problems what is wrong; at least one */
    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** @return every problem, in file order where known */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
