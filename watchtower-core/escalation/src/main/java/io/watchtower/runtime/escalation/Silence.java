package io.watchtower.runtime.escalation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchtower.runtime.signal.Signal;

import java.time.Instant;

/**
 * A silence: signals matching every given matcher are not notified until it expires. Matchers
 * left null match anything; at least one is set. A silence always has an author and an expiry.
 *
 * @param id the silence id
 * @param component matches the signal's component, or null
 * @param check matches the check, or null
 * @param tower matches the tower id, or null
 * @param host matches the host, or null
 * @param author who created it
 * @param comment why
 * @param createdAt when it was created (ISO-8601)
 * @param expiresAt when it ends by itself (ISO-8601)
 * @param expiredAt when it was expired early (ISO-8601), or null
 * @param expiredBy who expired it early, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Silence(String id, String component, String check, String tower, String host, String author,
                      String comment, String createdAt, String expiresAt, String expiredAt, String expiredBy) {

    /**
     * @param now the current instant
     * @return whether it silences anything now
     */
    public boolean activeAt(Instant now) {
        return expiredAt == null && now.isBefore(Instant.parse(expiresAt));
    }

    /**
     * @param signal a signal
     * @return whether every set matcher matches it (activity not considered)
     */
    public boolean matches(Signal signal) {
        return (component == null || component.equals(signal.component()))
                && (check == null || check.equals(signal.check()))
                && (tower == null || tower.equals(signal.tower().id()))
                && (host == null || host.equals(signal.tower().host()));
    }

    /** @return the matchers as one readable string, for example {@code component=orders-db check=replication_lag} */
    @JsonIgnore
    public String matchers() {
        StringBuilder b = new StringBuilder();
        append(b, "component", component);
        append(b, "check", check);
        append(b, "tower", tower);
        append(b, "host", host);
        return b.toString();
    }

    private static void append(StringBuilder b, String key, String value) {
        if (value != null) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(key).append('=').append(value);
        }
    }
}
