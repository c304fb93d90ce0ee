-- Citizen reception and petitions. Keep in lockstep with ../postgres/0006_petitions.sql
-- (schema-parity test).
--
-- A denouncer's identity never lies here in clear: `sender_sealed` holds it encrypted with a key
-- kept outside the database, and `person_id_index` / `person_name_index` hold keyed hashes
-- that let duplicate detection match the same person without decrypting. Every other column
-- (and `search_text`) is safe to show to anyone allowed to see the case.

-- Heads' planned reception days (Luật Tiếp công dân Đ12, Đ15, Đ18; NĐ 154/2026).
CREATE TABLE reception_day (
    reception_day_id TEXT NOT NULL PRIMARY KEY,
    unit_id          TEXT NOT NULL REFERENCES unit (unit_id),
    head_role        TEXT NOT NULL,
    head_name        TEXT NOT NULL,
    day              DATE NOT NULL,
    place            TEXT NOT NULL,
    created_at       DATETIME NOT NULL,
    CONSTRAINT reception_day_key UNIQUE (unit_id, head_role, day)
);

-- A reception session: a head's periodic day, or the routine desk, or an ad hoc meeting.
CREATE TABLE reception_session (
    session_id   TEXT NOT NULL PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES unit (unit_id),
    kind         TEXT NOT NULL,
    held_on      DATE NOT NULL,
    host_name    TEXT NOT NULL,
    host_title   TEXT NOT NULL,
    place        TEXT NOT NULL,
    -- Thông báo kết luận việc tiếp công dân (NĐ 154/2026 Đ25 k2).
    conclusion   TEXT NOT NULL,
    created_by   TEXT REFERENCES app_user (user_id),
    created_at   DATETIME NOT NULL
);
CREATE INDEX reception_session_unit_idx ON reception_session (unit_id, held_on);

-- The reception log (Sổ tiếp công dân, Mẫu 03/TCD) is numbered through the year per unit.
CREATE TABLE reception_log_sequence (
    unit_id     TEXT NOT NULL REFERENCES unit (unit_id),
    year        BIGINT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (unit_id, year)
);

-- One visit in a session: one line of the reception log.
CREATE TABLE reception_visit (
    visit_id          TEXT NOT NULL PRIMARY KEY,
    session_id        TEXT NOT NULL REFERENCES reception_session (session_id),
    unit_id           TEXT NOT NULL REFERENCES unit (unit_id),
    log_year          BIGINT NOT NULL,
    log_number        BIGINT NOT NULL,
    visited_at        DATETIME NOT NULL,
    -- Clear identity for ordinary visits; for a denunciation only the pseudonym is in clear.
    visitor_name      TEXT NOT NULL,
    visitor_address   TEXT NOT NULL,
    visitor_id_number TEXT NOT NULL,
    visitor_sealed    TEXT,
    people_count      BIGINT NOT NULL,
    representatives   TEXT NOT NULL,
    content           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    same_content_count BIGINT NOT NULL,
    prior_handling    TEXT NOT NULL,
    within_competence BOOLEAN NOT NULL,
    guidance          TEXT NOT NULL,
    forwarded_to      TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    documents         TEXT NOT NULL,
    petition_id       TEXT,
    created_by        TEXT REFERENCES app_user (user_id),
    created_at        DATETIME NOT NULL,
    CONSTRAINT reception_visit_log_key UNIQUE (unit_id, log_year, log_number)
);
CREATE INDEX reception_visit_session_idx ON reception_visit (session_id);

-- The register's numbers run per unit code and year: a unit that keeps its code through a
-- reorganisation (a new unit version) keeps numbering where it was, so codes stay unique.
CREATE TABLE petition_sequence (
    unit_code   TEXT NOT NULL,
    year        BIGINT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (unit_code, year)
);

CREATE TABLE petition (
    petition_id        TEXT NOT NULL PRIMARY KEY,
    code               TEXT NOT NULL,
    unit_id            TEXT NOT NULL REFERENCES unit (unit_id),
    kind               TEXT NOT NULL,
    source             TEXT NOT NULL,
    forwarded_by       TEXT NOT NULL,
    visit_id           TEXT REFERENCES reception_visit (visit_id),
    received_at        DATETIME NOT NULL,
    registered_by      TEXT REFERENCES app_user (user_id),
    subject            TEXT NOT NULL,
    content            TEXT NOT NULL,
    anonymous          BOOLEAN NOT NULL,
    protected          BOOLEAN NOT NULL,
    pseudonym          TEXT NOT NULL,
    sender_name        TEXT NOT NULL,
    sender_address     TEXT NOT NULL,
    sender_id_number   TEXT NOT NULL,
    sender_phone       TEXT NOT NULL,
    sender_sealed      TEXT,
    person_id_index    TEXT,
    person_name_index  TEXT,
    signatory_count    BIGINT NOT NULL,
    representatives    TEXT NOT NULL,
    status             TEXT NOT NULL,
    reason_code        TEXT,
    forwarded_to       TEXT NOT NULL,
    complexity         TEXT NOT NULL,
    remote_area        BOOLEAN NOT NULL,
    instance           BIGINT NOT NULL,
    first_instance_id  TEXT REFERENCES petition (petition_id),
    rules_id           TEXT NOT NULL,
    -- The deadline now running, what it is for, and the citizen-reply deadline beside it.
    deadline_kind      TEXT,
    due_at             DATETIME,
    reply_due_at       DATETIME,
    accepted_at        DATETIME,
    suspended_at       DATETIME,
    extensions         BIGINT NOT NULL,
    -- JSON: the classification reasons, extension decisions and suspensions the clock and the
    -- lifecycle rules are computed from.
    case_state         TEXT NOT NULL,
    decided_at         DATETIME,
    decision_summary   TEXT NOT NULL,
    closed_at          DATETIME,
    duplicate_of       TEXT REFERENCES petition (petition_id),
    signature          TEXT NOT NULL,
    watch_flag         TEXT,
    version            BIGINT NOT NULL,
    search_text        TEXT NOT NULL,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    CONSTRAINT petition_code_key UNIQUE (code)
);
CREATE INDEX petition_unit_idx ON petition (unit_id, status, due_at);
CREATE INDEX petition_open_idx ON petition (closed_at, due_at);
CREATE INDEX petition_received_idx ON petition (received_at);
CREATE INDEX petition_person_id_idx ON petition (person_id_index);
CREATE INDEX petition_person_name_idx ON petition (person_name_index);

-- LSH bands of the content signature: candidates are found by equality on a band, not by
-- comparing a new petition with every other.
CREATE TABLE petition_band (
    band        TEXT NOT NULL,
    petition_id TEXT NOT NULL REFERENCES petition (petition_id),
    PRIMARY KEY (band, petition_id)
);

CREATE TABLE petition_event (
    petition_id   TEXT NOT NULL REFERENCES petition (petition_id),
    seq           BIGINT NOT NULL,
    at            DATETIME NOT NULL,
    action        TEXT NOT NULL,
    actor_user_id TEXT REFERENCES app_user (user_id),
    actor_name    TEXT NOT NULL,
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    note          TEXT NOT NULL,
    details       TEXT NOT NULL,
    PRIMARY KEY (petition_id, seq)
);

-- The officers named on a case: only they may reveal a protected identity.
CREATE TABLE petition_handler (
    petition_id TEXT NOT NULL REFERENCES petition (petition_id),
    user_id     TEXT NOT NULL REFERENCES app_user (user_id),
    assigned_by TEXT REFERENCES app_user (user_id),
    assigned_at DATETIME NOT NULL,
    PRIMARY KEY (petition_id, user_id)
);

CREATE TABLE petition_duplicate (
    petition_id  TEXT NOT NULL REFERENCES petition (petition_id),
    candidate_id TEXT NOT NULL REFERENCES petition (petition_id),
    score        BIGINT NOT NULL,
    reasons      TEXT NOT NULL,
    decision     TEXT NOT NULL,
    decided_by   TEXT REFERENCES app_user (user_id),
    decided_at   DATETIME,
    PRIMARY KEY (petition_id, candidate_id)
);

-- Each reveal of a protected identity: who, when, and why (Luật Tố cáo Đ8 k3, Đ56).
CREATE TABLE identity_reveal (
    reveal_id   TEXT NOT NULL PRIMARY KEY,
    petition_id TEXT NOT NULL REFERENCES petition (petition_id),
    user_id     TEXT NOT NULL REFERENCES app_user (user_id),
    reason      TEXT NOT NULL,
    at          DATETIME NOT NULL
);
CREATE INDEX identity_reveal_petition_idx ON identity_reveal (petition_id, at);
