-- Queue work for teams (issue 23, point 13). Keep in lockstep with ../sqlite/0012_team_queues.sql

-- Internal notes on a dossier: for the officers who may see it, never in the public tracking,
-- the applicant's view or the printed forms.
CREATE TABLE dossier_note (
    note_id     TEXT NOT NULL PRIMARY KEY,
    dossier_id  TEXT NOT NULL REFERENCES dossier (dossier_id),
    author_id   TEXT REFERENCES app_user (user_id),
    author_name TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX dossier_note_dossier_idx ON dossier_note (dossier_id, created_at);

-- A person's saved queue filters: a name and the queue page's query string.
CREATE TABLE saved_filter (
    filter_id  TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES app_user (user_id),
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT saved_filter_name_key UNIQUE (user_id, name)
);
