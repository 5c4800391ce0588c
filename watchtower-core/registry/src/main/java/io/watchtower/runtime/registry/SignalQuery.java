package io.watchtower.runtime.registry;

/**
 * Which signals to list.
 *
 * @param state {@code firing}: series firing now (their latest transition fires); {@code resolved}:
 *              resolved transitions; null: every transition
 * @param component the component, or null
 * @param host the host, or null
 * @param sinceMs only transitions at or after this epoch ms ({@code Long.MIN_VALUE} for all)
 * @param untilMs only transitions before this epoch ms ({@code Long.MAX_VALUE} for all)
 * @param limit at most this many, the most recent ones, returned oldest first
 */
public record SignalQuery(String state, String component, String host, long sinceMs, long untilMs, int limit) {

    /** @param component a component @param limit at most @return every transition of the component */
    public static SignalQuery timeline(String component, int limit) {
        return new SignalQuery(null, component, null, Long.MIN_VALUE, Long.MAX_VALUE, limit);
    }

    boolean matches(SignalRecord s) {
        return (component == null || component.equals(s.component())) && (host == null || host.equals(s.host()))
                && s.atMs() >= sinceMs && s.atMs() < untilMs
                && (state == null || state.equals("firing") || state.equals(s.state()));
    }
}
