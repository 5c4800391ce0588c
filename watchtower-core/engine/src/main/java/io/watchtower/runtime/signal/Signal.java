package io.watchtower.runtime.signal;

import io.watchtower.spi.Severity;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A signal, wire schema {@value #SCHEMA}: a state transition of one series, with the evidence an
 * on-call person needs. {@code docs/signal-v1.schema.json} is its JSON Schema. Every signal is made by
 * the {@link SignalComposer}; {@link SignalJson} reads and writes the wire form.
 *
 * @param schema always {@value #SCHEMA}
 * @param id unique id of this transition; the same transition always gets the same id
 * @param fingerprint stable key of the series on this host (same for firing and resolved)
 * @param tower which tower raised it
 * @param component the component watched
 * @param target the target within the component ("" for tower-wide signals)
 * @param check the check name
 * @param kind anomaly, threshold, change, unreachable or blind-spot
 * @param state firing or resolved
 * @param severity critical, high, medium or low
 * @param observed the observed value, null for state and reachability signals
 * @param observedState the observed categorical value, for change signals
 * @param previousState the long-stable categorical value, for change signals
 * @param unit the unit of {@code observed} and the baseline
 * @param baseline what was expected
 * @param score how unusual, in [0, 1]
 * @param since when the firing began (ISO-8601)
 * @param at when this transition happened (ISO-8601)
 * @param summary one human sentence
 * @param recent the last observations of the series, oldest first
 * @param context evidence reported by the tower (for example who blocks whom)
 * @param related other series of the same component that deviate now
 * @param runbook where to look next, may be empty
 * @param labels extra labels from the configuration
 * @param flapping whether the series fires and resolves repeatedly
 * @param flap for a firing of a flapping series: how often and how fast it flips; otherwise null
 * @param stale for a {@link SignalState#STALE} signal: since when no observation arrived and why that
 *              counts as stale; otherwise null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Signal(String schema, String id, String fingerprint, TowerRef tower, String component, String target,
                     String check, SignalKind kind, SignalState state, Severity severity, Double observed,
                     String observedState,
                     String previousState, String unit, BaselineRef baseline, double score, String since, String at,
                     String summary, List<Recent> recent, Map<String, String> context, List<Related> related,
                     String runbook, Map<String, String> labels, boolean flapping, Flap flap, Stale stale) {

    /** The schema name and version. */
    public static final String SCHEMA = "watchtower.signal/v1";

    /** A signal without flap or staleness details. */
    public Signal(String schema, String id, String fingerprint, TowerRef tower, String component, String target,
                  String check, SignalKind kind, SignalState state, Severity severity, Double observed,
                  String observedState,
                  String previousState, String unit, BaselineRef baseline, double score, String since, String at,
                  String summary, List<Recent> recent, Map<String, String> context, List<Related> related,
                  String runbook, Map<String, String> labels, boolean flapping) {
        this(schema, id, fingerprint, tower, component, target, check, kind, state, severity, observed, observedState,
                previousState, unit, baseline, score, since, at, summary, recent, context, related, runbook, labels,
                flapping, null, null);
    }

    /** @return whether this signal starts a firing */
    public boolean firing() {
        return state == SignalState.FIRING;
    }

    /** @return whether this signal ends a firing because its series went stale */
    public boolean wentStale() {
        return state == SignalState.STALE;
    }

    /**
     * How a flapping series flips.
     *
     * @param flips how many times it fired within {@code overSeconds}
     * @param overSeconds the span from the first to the last of those firings, seconds
     * @param periodSeconds the mean time between two of those firings, seconds
     */
    public record Flap(int flips, long overSeconds, long periodSeconds) {

        /** @return for example "fired 5 times in 1 min 36 s, about every 24 s" */
        public String describe() {
            return "fired " + flips + " times in " + SignalComposer.human(java.time.Duration.ofSeconds(overSeconds))
                    + ", about every " + SignalComposer.human(java.time.Duration.ofSeconds(periodSeconds));
        }
    }

    /**
     * Why a series is stale.
     *
     * @param since when its last observation arrived (ISO-8601): its data is that old
     * @param missedProbes probes of its tower in a row that completed without it
     * @param reason one sentence
     */
    public record Stale(String since, int missedProbes, String reason) {
    }

    /**
     * The tower that raised a signal.
     *
     * @param id tower id
     * @param type tower type
     * @param host host the daemon runs on
     * @param version daemon version
     */
    public record TowerRef(String id, String type, String host, String version) {
    }

    /**
     * The baseline a value was judged against.
     *
     * @param expected expected value
     * @param lower lower edge of the usual band
     * @param upper upper edge of the usual band
     * @param method the model, for example {@code rolling-median-mad}
     * @param samples observations learned from
     * @param confidence learning, partial or ready
     * @param seasonBucket the season bucket, or {@code global}
     * @param stableSince for change signals: since when the previous state held (ISO-8601)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BaselineRef(Double expected, Double lower, Double upper, String method, long samples,
                              String confidence, String seasonBucket, String stableSince) {
    }

    /**
     * One recent observation.
     *
     * @param at when (ISO-8601)
     * @param value the value, null for categorical series
     * @param state the categorical value, for state series
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recent(String at, Double value, String state) {
    }

    /**
     * Another series of the same component that deviates now.
     *
     * @param check its check
     * @param target its target
     * @param observed its last value
     * @param expected its expected value
     * @param score its last score
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Related(String check, String target, Double observed, Double expected, double score) {
    }
}
