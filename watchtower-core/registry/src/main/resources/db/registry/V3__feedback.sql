-- Answers to pages (useful, noise, expected), published by the daemon whose series they tune.
-- The id is the record's own: a publication replayed after an outage leaves no duplicate row.
CREATE TABLE feedback (
    id          text        PRIMARY KEY,
    host        text        NOT NULL,
    signal_id   text        NOT NULL,
    tower_id    text        NOT NULL,
    target      text        NOT NULL,
    check_name  text        NOT NULL,
    component   text        NOT NULL,
    answer      text        NOT NULL,
    who         text        NOT NULL,
    note        text        NOT NULL,
    at          timestamptz NOT NULL,
    body        text        NOT NULL
);
CREATE INDEX feedback_at ON feedback (at);
CREATE INDEX feedback_signal ON feedback (signal_id);
