package io.watchtower.runtime.escalation;

import java.util.Map;

/** Where control actions (creating and expiring silences) are recorded: who, what, with which parameters. */
@FunctionalInterface
public interface Audit {

    /**
     * @param who who acted (a token name or a person)
     * @param action what, for example {@code silence.create}
     * @param details the action's parameters
     */
    void record(String who, String action, Map<String, String> details);
}
