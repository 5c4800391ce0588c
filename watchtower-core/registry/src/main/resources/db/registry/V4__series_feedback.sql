-- The feedback adjustments in force on each series (answers to its pages: useful, noise, expected),
-- published with its state, so a fleet query shows them for every host's series as the host shows
-- its own. A JSON array of adjustments (answer, scope, since, last_at, answers, who, note, until,
-- band_factor, allowance; times in epoch ms); NULL from a daemon that did not publish them.
ALTER TABLE baselines
    ADD COLUMN feedback text;
