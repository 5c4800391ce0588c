-- The state of every series as its daemon last published it, so fleet queries show what is
-- firing, flapping or stale (data that stopped arriving while its tower still probes). Rows
-- published before this column existed have no state (NULL).
ALTER TABLE baselines
    ADD COLUMN state       text,
    ADD COLUMN flapping    boolean NOT NULL DEFAULT false,
    ADD COLUMN stale_since timestamptz;
