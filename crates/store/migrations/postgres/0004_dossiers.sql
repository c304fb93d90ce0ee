-- One-stop dossiers. Keep in lockstep with ../sqlite/0004_dossiers.sql (schema-parity test).

-- The day's running number per agency, for dossier codes <agency>-YYMMDD-NNNN. Taken with one
-- upsert inside the intake transaction, so two servers never hand out the same number and a
-- rolled-back intake does not burn one.
CREATE TABLE dossier_sequence (
    agency_code TEXT NOT NULL,
    day         DATE NOT NULL,
    last_seq    BIGINT NOT NULL,
    PRIMARY KEY (agency_code, day)
);

-- The logbook (form 06) is numbered continuously through the year per receiving unit
-- (Circular 01/2018 Art. 10).
CREATE TABLE logbook_sequence (
    unit_id     TEXT NOT NULL REFERENCES unit (unit_id),
    year        BIGINT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (unit_id, year)
);

CREATE TABLE dossier (
    dossier_id           TEXT NOT NULL PRIMARY KEY,
    code                 TEXT NOT NULL,
    agency_code          TEXT NOT NULL,
    -- Where it was received (never re-pointed, so history reports where it happened) and
    -- who handles it now (changes on transfer or a unit merge).
    receiving_unit_id    TEXT NOT NULL REFERENCES unit (unit_id),
    handling_unit_id     TEXT NOT NULL REFERENCES unit (unit_id),
    procedure_version_id TEXT NOT NULL REFERENCES procedure_version (version_id),
    procedure_code       TEXT NOT NULL,
    procedure_name       TEXT NOT NULL,
    channel              TEXT NOT NULL,
    status               TEXT NOT NULL,
    step_index           BIGINT,
    step_count           BIGINT NOT NULL,
    -- The role that works the current step, so "my steps" lists need no JSON.
    step_role            TEXT,
    step_started_at      TIMESTAMPTZ,
    step_due_at          TIMESTAMPTZ,
    step_user_id         TEXT REFERENCES app_user (user_id),
    applicant_kind       TEXT NOT NULL,
    applicant_name       TEXT NOT NULL,
    applicant_id_number  TEXT NOT NULL,
    applicant_phone      TEXT,
    applicant_email      TEXT,
    applicant_address    TEXT NOT NULL,
    applicant_user_id    TEXT REFERENCES app_user (user_id),
    masked_name          TEXT NOT NULL,
    -- Both times, as the law asks: when it was handed in, and when the clock started.
    submitted_at         TIMESTAMPTZ NOT NULL,
    received_at          TIMESTAMPTZ NOT NULL,
    received_by          TEXT REFERENCES app_user (user_id),
    rules_id             TEXT NOT NULL,
    limit_kind           TEXT NOT NULL,
    limit_amount         BIGINT NOT NULL,
    original_due_at      TIMESTAMPTZ NOT NULL,
    -- NULL while the applicant holds the dossier for a supplement.
    due_at               TIMESTAMPTZ,
    supplement_requested_at TIMESTAMPTZ,
    resubmitted_at       TIMESTAMPTZ,
    apologised_at        TIMESTAMPTZ,
    finished_at          TIMESTAMPTZ,
    outcome              TEXT,
    -- Set by the late-watch job: NULL, at_risk or late, with the step and officer that held it.
    watch_flag           TEXT,
    watch_reason         TEXT,
    watch_step_index     BIGINT,
    watch_user_id        TEXT REFERENCES app_user (user_id),
    watch_at             TIMESTAMPTZ,
    logbook_year         BIGINT NOT NULL,
    logbook_number       BIGINT NOT NULL,
    fee_text             TEXT NOT NULL,
    return_place         TEXT NOT NULL,
    version              BIGINT NOT NULL,
    search_text          TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT dossier_code_key UNIQUE (code),
    CONSTRAINT dossier_logbook_key UNIQUE (receiving_unit_id, logbook_year, logbook_number)
);
CREATE INDEX dossier_handling_idx ON dossier (handling_unit_id, status, due_at);
CREATE INDEX dossier_receiving_idx ON dossier (receiving_unit_id, received_at);
CREATE INDEX dossier_step_idx ON dossier (handling_unit_id, step_role, status);
CREATE INDEX dossier_applicant_idx ON dossier (applicant_user_id);
CREATE INDEX dossier_open_due_idx ON dossier (finished_at, due_at);

-- Uploaded files, stored once per content (by SHA-256) in the database, so that every server
-- behind a load balancer sees the same files and a backup of the database is a backup of all.
CREATE TABLE stored_file (
    sha256     TEXT NOT NULL PRIMARY KEY,
    kind       TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content    BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The checklist of required documents as received, and any file that came with each.
CREATE TABLE dossier_document (
    document_id  TEXT NOT NULL PRIMARY KEY,
    dossier_id   TEXT NOT NULL REFERENCES dossier (dossier_id),
    position     BIGINT NOT NULL,
    name         TEXT NOT NULL,
    copy_kind    TEXT NOT NULL,
    provided     BOOLEAN NOT NULL,
    stage        TEXT NOT NULL,
    file_name    TEXT,
    file_sha256  TEXT REFERENCES stored_file (sha256),
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossier_document_dossier_idx ON dossier_document (dossier_id, position);

-- Every state change, in order: the timeline and the control sheet (form 05). seq is the
-- dossier's version after the change, so two officers' changes can never both be recorded.
CREATE TABLE dossier_event (
    dossier_id       TEXT NOT NULL REFERENCES dossier (dossier_id),
    seq              BIGINT NOT NULL,
    at               TIMESTAMPTZ NOT NULL,
    action           TEXT NOT NULL,
    actor_user_id    TEXT REFERENCES app_user (user_id),
    actor_name       TEXT NOT NULL,
    from_status      TEXT,
    to_status        TEXT NOT NULL,
    from_unit_id     TEXT REFERENCES unit (unit_id),
    to_unit_id       TEXT REFERENCES unit (unit_id),
    step_index       BIGINT,
    step_name        TEXT,
    step_started_at  TIMESTAMPTZ,
    step_due_at      TIMESTAMPTZ,
    step_budget_minutes BIGINT,
    timeliness       TEXT,
    receiver_user_id TEXT REFERENCES app_user (user_id),
    receiver_name    TEXT,
    note             TEXT NOT NULL,
    details          TEXT NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);

-- One rating per dossier, after return (Decree 61/2018 Art. 31 criteria).
CREATE TABLE dossier_rating (
    dossier_id TEXT NOT NULL PRIMARY KEY REFERENCES dossier (dossier_id),
    rated_at   TIMESTAMPTZ NOT NULL,
    scores     TEXT NOT NULL,
    average    BIGINT NOT NULL,
    comment    TEXT NOT NULL
);
