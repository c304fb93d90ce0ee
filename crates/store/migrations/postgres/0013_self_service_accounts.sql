-- Citizens' own accounts: sign-up and forgotten passwords by one-time code, sign-in through the
-- province's OpenID Connect provider, the last login administrators see, and drafts of online
-- filings (issue 23, points 3 and 6). Keep in lockstep with ../sqlite/0013_self_service_accounts.sql

ALTER TABLE app_user ADD COLUMN last_login_at TIMESTAMPTZ;

-- A one-time code sent to a phone or address. The browser that asked holds the ticket; the
-- table keeps only keyed digests of the ticket and the code, so reading the database does not
-- let anyone finish someone else's sign-up or reset. Rows live a day past their expiry.
CREATE TABLE account_code (
    code_id       TEXT NOT NULL PRIMARY KEY,
    ticket_mac    TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    contact       TEXT NOT NULL,
    -- A reset: the account the code resets (none when no account matched, so that the page
    -- cannot tell who has an account).
    user_id       TEXT REFERENCES app_user (user_id),
    -- A sign-up: the name and the chosen password (hashed), used once the code is confirmed.
    full_name     TEXT,
    password_hash TEXT,
    code_mac      TEXT NOT NULL,
    tries         BIGINT NOT NULL,
    ip            TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ,
    CONSTRAINT account_code_ticket_key UNIQUE (ticket_mac)
);
CREATE INDEX account_code_contact_idx ON account_code (contact, created_at);
CREATE INDEX account_code_ip_idx ON account_code (ip, created_at);
CREATE INDEX account_code_expiry_idx ON account_code (expires_at);

-- An account signed in through an OpenID Connect provider: the provider's issuer and its
-- stable subject identifier name the person, whatever their name or phone becomes.
CREATE TABLE oidc_identity (
    issuer     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    user_id    TEXT NOT NULL REFERENCES app_user (user_id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identity_user_idx ON oidc_identity (user_id);

-- A citizen's saved draft of an online filing, one per person and procedure: what the form held
-- (the page's JSON, with references to the files already sent) and when it was saved.
CREATE TABLE filing_draft (
    user_id        TEXT NOT NULL REFERENCES app_user (user_id),
    procedure_code TEXT NOT NULL,
    body           TEXT NOT NULL,
    saved_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, procedure_code)
);
