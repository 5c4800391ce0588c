package io.watchtower.runtime.registry;

/**
 * Which current baselines to list; a null field matches everything.
 *
 * @param component the component
 * @param check the check
 * @param host the host
 */
public record BaselineQuery(String component, String check, String host) {

    boolean matches(BaselineRecord b) {
        return (component == null || component.equals(b.component())) && (check == null || check.equals(b.check()))
                && (host == null || host.equals(b.host()));
    }
}
