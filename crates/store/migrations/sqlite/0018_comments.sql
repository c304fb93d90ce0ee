-- Comments under articles, place reports and polls, their votes and reports, and the people
-- blocked from commenting (issue 25, point 2). Keep in lockstep with ../postgres/0018_comments.sql

-- A comment. `subject_kind` is 'article', 'report' or 'poll'; `unit_id` is the subject's unit
-- when the comment was written (the moderators' scope). `state` is 'pending' (waiting for a
-- moderator), 'visible' or 'hidden'; a hidden one keeps its row, so its replies keep their
-- thread. `score` is the sum of its votes, `reports` the people who reported it;
-- `reports_cleared` the reports a moderator had seen when they last approved or restored it, so
-- that only reports made since count towards hiding it again.
CREATE TABLE comment (
    comment_id        TEXT NOT NULL PRIMARY KEY,
    subject_kind      TEXT NOT NULL,
    subject_id        TEXT NOT NULL,
    unit_id           TEXT NOT NULL REFERENCES unit (unit_id),
    parent_id         TEXT REFERENCES comment (comment_id),
    -- The comment that starts the thread (itself for a comment that answers none): a page of
    -- threads is read by these.
    root_id           TEXT NOT NULL,
    depth             BIGINT NOT NULL,
    author_id         TEXT NOT NULL REFERENCES app_user (user_id),
    author_name       TEXT NOT NULL,
    body              TEXT NOT NULL,
    state             TEXT NOT NULL,
    score             BIGINT NOT NULL,
    reports           BIGINT NOT NULL,
    reports_cleared   BIGINT NOT NULL,
    moderated_at      DATETIME,
    moderation_reason TEXT NOT NULL,
    created_at        DATETIME NOT NULL
);
-- A page of threads (the newest first comments) and the counts read from the index alone.
CREATE INDEX comment_subject_idx ON comment (subject_kind, subject_id, parent_id, created_at, state);
CREATE INDEX comment_root_idx ON comment (root_id);
CREATE INDEX comment_queue_idx ON comment (state, created_at);
CREATE INDEX comment_author_idx ON comment (author_id, created_at);

-- One vote a person a comment: +1 or -1.
CREATE TABLE comment_vote (
    comment_id TEXT NOT NULL REFERENCES comment (comment_id),
    user_id    TEXT NOT NULL REFERENCES app_user (user_id),
    value      BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- One report a person a comment, with its reason.
CREATE TABLE comment_report (
    comment_id TEXT NOT NULL REFERENCES comment (comment_id),
    user_id    TEXT NOT NULL REFERENCES app_user (user_id),
    reason     TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- A person blocked from commenting until `until`, by whom and why.
CREATE TABLE comment_block (
    user_id    TEXT NOT NULL PRIMARY KEY REFERENCES app_user (user_id),
    until      DATETIME NOT NULL,
    reason     TEXT NOT NULL,
    blocked_by TEXT REFERENCES app_user (user_id),
    created_at DATETIME NOT NULL
);
