-- Petitions filed online by a citizen (issue 23, point 4). Keep in lockstep with ../sqlite/0011_petitions_online.sql
--
-- The citizen's account is not written in clear: filer_index is a keyed blind index of the
-- account's id (motcua_vault::Keyring::blind_index, purpose "petition_filer"). "My petitions"
-- matches it; a denunciation's row then links to no account for anyone reading the database,
-- as a denunciation taken at the desk links to no one.
ALTER TABLE petition ADD COLUMN filer_index TEXT;

-- Whom a complaint or a denunciation is about (the body or person complained of, the person
-- denounced): a field of its own, which the notices name (issue 23, point 9).
ALTER TABLE petition ADD COLUMN respondent TEXT NOT NULL DEFAULT '';
CREATE INDEX petition_filer_idx ON petition (filer_index, received_at);

-- The files sent with a petition, stored once per SHA-256 in stored_file as a dossier's are.
CREATE TABLE petition_file (
    petition_id TEXT NOT NULL REFERENCES petition (petition_id),
    position    BIGINT NOT NULL,
    name        TEXT NOT NULL,
    sha256      TEXT NOT NULL REFERENCES stored_file (sha256),
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (petition_id, position)
);
