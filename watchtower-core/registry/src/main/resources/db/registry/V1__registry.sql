-- The Watchtower fleet registry. Every write of the daemons is idempotent (upserts keyed by
-- host and id, signal ids as primary keys), so a publication replayed after an outage leaves
-- no duplicate row.

CREATE TABLE towers (
    host                  text        NOT NULL,
    tower_id              text        NOT NULL,
    type                  text        NOT NULL,
    component             text        NOT NULL,
    version               text        NOT NULL,
    config_hash           text        NOT NULL,
    started_at            timestamptz NOT NULL,
    heartbeat_at          timestamptz NOT NULL,
    heartbeat_interval_ms bigint      NOT NULL,
    PRIMARY KEY (host, tower_id)
);
CREATE INDEX towers_heartbeat ON towers (heartbeat_at);

CREATE TABLE baselines (
    host           text             NOT NULL,
    series         text             NOT NULL,
    tower_id       text             NOT NULL,
    target         text             NOT NULL,
    check_name     text             NOT NULL,
    component      text             NOT NULL,
    unit           text             NOT NULL,
    season_bucket  text             NOT NULL,
    expected       double precision,
    lower_bound    double precision,
    upper_bound    double precision,
    last_value     double precision,
    confidence     text             NOT NULL,
    samples        bigint           NOT NULL,
    learned_since  timestamptz      NOT NULL,
    updated_at     timestamptz      NOT NULL,
    revisions      bigint           NOT NULL DEFAULT 1,
    PRIMARY KEY (host, series, season_bucket)
);
-- current baselines of a component: DISTINCT ON (host, series) straight from the index, no sort
CREATE INDEX baselines_component ON baselines (component, host, series, updated_at DESC);
CREATE INDEX baselines_tower ON baselines (host, tower_id);

CREATE TABLE signals (
    id          text        PRIMARY KEY,
    host        text        NOT NULL,
    tower_id    text        NOT NULL,
    component   text        NOT NULL,
    check_name  text        NOT NULL,
    kind        text        NOT NULL,
    state       text        NOT NULL,
    severity    text        NOT NULL,
    fingerprint text        NOT NULL,
    at          timestamptz NOT NULL,
    summary     text        NOT NULL,
    body        text        NOT NULL
);
CREATE INDEX signals_component_at ON signals (component, at);
CREATE INDEX signals_at ON signals (at);

-- The latest transition of every series: what is firing now.
CREATE TABLE signal_state (
    host        text        NOT NULL,
    fingerprint text        NOT NULL,
    signal_id   text        NOT NULL,
    state       text        NOT NULL,
    component   text        NOT NULL,
    at          timestamptz NOT NULL,
    PRIMARY KEY (host, fingerprint)
);
CREATE INDEX signal_state_firing ON signal_state (state, component);

-- Towers the blind-spot watcher (the advisory lock holder) has raised a blind-spot signal for.
CREATE TABLE blind_spots (
    host        text        NOT NULL,
    tower_id    text        NOT NULL,
    type        text        NOT NULL,
    component   text        NOT NULL,
    version     text        NOT NULL,
    since       timestamptz NOT NULL,
    raised_by   text        NOT NULL,
    PRIMARY KEY (host, tower_id)
);
