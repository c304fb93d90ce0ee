-- Opinion polls with one vote per person across channels, and the citizens verified to vote
-- online (issue 25, point 3). Keep in lockstep with ../postgres/0016_polls.sql

-- A citizen's account bound to their ID card and residence, as an officer saw them at a desk.
-- `person_key` is a keyed hash of the ID number (the number itself is not kept): one account
-- per person, and the key a poll's voter key is made from.
CREATE TABLE citizen_identity (
    user_id     TEXT NOT NULL PRIMARY KEY REFERENCES app_user (user_id),
    person_key  TEXT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES unit (unit_id),
    verified_by TEXT REFERENCES app_user (user_id),
    verified_at DATETIME NOT NULL,
    CONSTRAINT citizen_identity_person_key UNIQUE (person_key)
);

-- A question put to the residents of `unit_id` (and its subtree). `voters` counts the people
-- who voted.
CREATE TABLE poll (
    poll_id      TEXT NOT NULL PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES unit (unit_id),
    title        TEXT NOT NULL,
    question     TEXT NOT NULL,
    description  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    max_choices  BIGINT NOT NULL,
    opens_at     DATETIME NOT NULL,
    closes_at    DATETIME NOT NULL,
    results_live BOOLEAN NOT NULL,
    voters       BIGINT NOT NULL,
    created_by   TEXT REFERENCES app_user (user_id),
    created_at   DATETIME NOT NULL
);
CREATE INDEX poll_closes_idx ON poll (closes_at);

-- An option and its tally. Ballots are counted here and not kept one by one: a ballot row,
-- however anonymous, sits beside its voter's row in insertion order (and on PostgreSQL in the
-- same transaction id), which is enough to tie a person to a choice.
CREATE TABLE poll_option (
    option_id TEXT NOT NULL PRIMARY KEY,
    poll_id   TEXT NOT NULL REFERENCES poll (poll_id),
    position  BIGINT NOT NULL,
    label     TEXT NOT NULL,
    votes     BIGINT NOT NULL,
    CONSTRAINT poll_option_position_key UNIQUE (poll_id, position)
);

-- Who voted, without what: `voter_key` is a keyed hash of the ID number made for this poll
-- alone, so the key of one poll does not match another's, and its uniqueness is the one vote
-- per person whatever the channel. A desk vote names the officer who checked the card.
-- `voted_at` is the day (its start in Vietnam), not the moment.
CREATE TABLE poll_voter (
    poll_id    TEXT NOT NULL REFERENCES poll (poll_id),
    voter_key  TEXT NOT NULL,
    channel    TEXT NOT NULL,
    officer_id TEXT REFERENCES app_user (user_id),
    voted_at   DATETIME NOT NULL,
    PRIMARY KEY (poll_id, voter_key)
);
