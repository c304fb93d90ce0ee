-- The statistics tally (issue 26). Keep in lockstep with ../postgres/0019_stats.sql
--
-- Every dossier is counted on exactly one line of dossier_tally, keyed by its receiving unit,
-- procedure, channel, and the months (yyyymm, Vietnam's clock) it was received, is due and was
-- finished (0: none), and how it finished ('open', 'early', 'on_time', 'late', 'unclocked').
-- Each write to a dossier moves it between lines in the same transaction, so the dashboards
-- are never behind the data and read a few thousand lines where the dossier table has
-- millions. Lines left at zero stay: they cost a row and save a delete in the hot path.
CREATE TABLE dossier_tally (
    unit_id         TEXT NOT NULL,
    procedure_code  TEXT NOT NULL,
    channel         TEXT NOT NULL,
    received_month  BIGINT NOT NULL,
    due_month       BIGINT NOT NULL,
    finished_month  BIGINT NOT NULL,
    finish          TEXT NOT NULL,
    dossiers        BIGINT NOT NULL,
    elapsed_minutes BIGINT NOT NULL,
    allowed_minutes BIGINT NOT NULL,
    rated           BIGINT NOT NULL,
    rating_sum      BIGINT NOT NULL,
    dissatisfied    BIGINT NOT NULL,
    PRIMARY KEY (unit_id, procedure_code, channel, received_month, due_month, finished_month, finish)
);

-- Steps handed over, by the officer who handed each over, on time or late: who caused a
-- delay. Keyed by the dossier's receiving unit and the month of the hand-over.
CREATE TABLE step_tally (
    unit_id    TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    month      BIGINT NOT NULL,
    timeliness TEXT NOT NULL,
    steps      BIGINT NOT NULL,
    PRIMARY KEY (unit_id, month, user_id, timeliness)
);

-- The late dossiers of a unit, finished in a period, for the dashboards' list behind "late".
CREATE INDEX dossier_outcome_idx ON dossier (receiving_unit_id, outcome, finished_at);

-- A file sent with a message (the monthly summary's PDF report), stored once in stored_file.
ALTER TABLE outbox_message ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox_message ADD COLUMN attachment_sha256 TEXT REFERENCES stored_file (sha256);
