-- motcua schema, SQLite flavour. Keep in lockstep with ../postgres/0001_init.sql: the
-- schema-parity test compares the two (tables, columns, nullability, normalised types).
--
-- Conventions: singular table names; ids are UUIDv7 text; timestamps are DATETIME (stored by
-- sqlx as RFC 3339 UTC text, which sorts chronologically); dates are DATE ("YYYY-MM-DD");
-- booleans are BOOLEAN (0/1). Quantities that allow halves (time limits, step budgets) are
-- stored in hundredths as BIGINT, so sums are exact.

-- One row per *version* of an administrative unit. A merge, split or rename closes the old
-- rows (effective_to) and opens new ones; old rows are never rewritten, so history still
-- reports under the unit as it was.
CREATE TABLE unit (
    unit_id        TEXT NOT NULL PRIMARY KEY,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    level          TEXT NOT NULL,
    parent_id      TEXT REFERENCES unit (unit_id),
    remote_area    BOOLEAN NOT NULL,
    effective_from DATE NOT NULL,
    effective_to   DATE,
    schedule       TEXT,
    search_text    TEXT NOT NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    CONSTRAINT unit_code_from_key UNIQUE (code, effective_from)
);
CREATE INDEX unit_parent_idx ON unit (parent_id);

CREATE TABLE unit_change (
    change_id      TEXT NOT NULL PRIMARY KEY,
    kind           TEXT NOT NULL,
    effective_date DATE NOT NULL,
    legal_basis    TEXT NOT NULL,
    created_at     DATETIME NOT NULL
);

-- Which unit versions a change closed (predecessor) and opened (successor).
CREATE TABLE unit_change_link (
    change_id TEXT NOT NULL REFERENCES unit_change (change_id),
    unit_id   TEXT NOT NULL REFERENCES unit (unit_id),
    side      TEXT NOT NULL,
    PRIMARY KEY (change_id, unit_id)
);
CREATE INDEX unit_change_link_unit_idx ON unit_change_link (unit_id);

CREATE TABLE app_user (
    user_id       TEXT NOT NULL PRIMARY KEY,
    login         TEXT NOT NULL,
    full_name     TEXT NOT NULL,
    email         TEXT,
    password_hash TEXT NOT NULL,
    unit_id       TEXT REFERENCES unit (unit_id),
    disabled      BOOLEAN NOT NULL,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    CONSTRAINT app_user_login_key UNIQUE (login)
);
CREATE INDEX app_user_unit_idx ON app_user (unit_id);

CREATE TABLE role_grant (
    grant_id   TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES app_user (user_id),
    role       TEXT NOT NULL,
    unit_id    TEXT REFERENCES unit (unit_id),
    created_at DATETIME NOT NULL
);
CREATE INDEX role_grant_user_idx ON role_grant (user_id);

-- Login attempts live in the database so that every server sees the same lockout state.
CREATE TABLE login_attempt (
    attempt_id   TEXT NOT NULL PRIMARY KEY,
    login        TEXT NOT NULL,
    attempted_at DATETIME NOT NULL,
    success      BOOLEAN NOT NULL,
    ip           TEXT
);
CREATE INDEX login_attempt_login_idx ON login_attempt (login, attempted_at);

-- Only the SHA-256 of the session token is stored: a copy of the database does not let
-- anyone log in.
CREATE TABLE session (
    session_id   TEXT NOT NULL PRIMARY KEY,
    token_hash   TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES app_user (user_id),
    csrf_secret  TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    ip           TEXT,
    user_agent   TEXT,
    CONSTRAINT session_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE api_token (
    token_id     TEXT NOT NULL PRIMARY KEY,
    token_hash   TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES app_user (user_id),
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    expires_at   DATETIME,
    revoked_at   DATETIME,
    last_used_at DATETIME,
    CONSTRAINT api_token_hash_key UNIQUE (token_hash)
);

-- One row per version of a procedure. Documents and steps are owned lists, stored as JSON
-- text (the domain types' serde form).
CREATE TABLE procedure_version (
    version_id      TEXT NOT NULL PRIMARY KEY,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    field           TEXT NOT NULL,
    level           TEXT NOT NULL,
    deciding_agency TEXT NOT NULL,
    limit_kind      TEXT NOT NULL,
    legal_limit     BIGINT NOT NULL,
    committed_limit BIGINT NOT NULL,
    fee_text        TEXT NOT NULL,
    fee_amount_vnd  BIGINT,
    documents       TEXT NOT NULL,
    steps           TEXT NOT NULL,
    effective_from  DATE NOT NULL,
    legal_basis     TEXT NOT NULL,
    search_text     TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CONSTRAINT procedure_version_code_from_key UNIQUE (code, effective_from)
);
CREATE INDEX procedure_version_field_idx ON procedure_version (field, level);

-- Append-only and hash-chained: entry_hash = sha256(prev_hash || canonical entry).
-- seq is assigned by the appender under a lock, so gaps and reordering are detectable.
CREATE TABLE audit_log (
    seq           BIGINT NOT NULL PRIMARY KEY,
    at            DATETIME NOT NULL,
    actor_user_id TEXT,
    action        TEXT NOT NULL,
    entity_type   TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    ip            TEXT,
    before_digest TEXT,
    after_digest  TEXT,
    prev_hash     TEXT NOT NULL,
    entry_hash    TEXT NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);

-- A lease names the one server that runs a scheduled job for a while.
CREATE TABLE job_lease (
    name       TEXT NOT NULL PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at DATETIME NOT NULL
);

-- A job slot (e.g. "daily-report" / "2026-03-02") runs exactly once across all servers.
CREATE TABLE job_run (
    name       TEXT NOT NULL,
    slot       TEXT NOT NULL,
    holder     TEXT NOT NULL,
    started_at DATETIME NOT NULL,
    PRIMARY KEY (name, slot)
);
