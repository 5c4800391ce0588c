package io.watchtower.corpus;

/** What a series is an example of, for the targets that concern only some series. */
public enum Trait {
    /** Periodic, with no anomaly: after three cycles any page is false. */
    PERIODIC_CLEAN,
    /** Bursty counts: at most one page per series-week outside the labelled windows. */
    BURSTY,
    /** Its anomalies are a stuck backlog or lag: once paged, the signal must stay firing while it lasts. */
    STAYS_BAD,
    /**
     * Its check declares that bad is never normal (a lag or backlog a tower declares with
     * {@code Check.badNeverNormal()}, worse when higher): replayed with that declaration
     * ({@code worse-when = higher}, {@code bad-never-normal = true}) over the corpus' settings.
     */
    DECLARED_BAD_NEVER_NORMAL
}
