-- Transactional outbox for notifications. Keep in lockstep with ../sqlite/0005_outbox.sql.
-- (0004 is reserved for the dossier tables.)
--
-- A state change writes its message here in its own transaction, so a notification exists
-- exactly when the change committed; the notify worker delivers it later and may retry for
-- hours while a mail server is down without anything being lost.
--
-- Life of a row: pending (sent_at and dead_at NULL) → claimed by one worker until
-- claimed_until → sent_at set, or back to pending with last_error and a later
-- next_attempt_at, or dead_at set after too many attempts. A worker that crashes while
-- sending leaves an expired claim, which makes the row claimable again: delivery is
-- at-least-once, never at-most-once.
CREATE TABLE outbox_message (
    message_id      TEXT NOT NULL PRIMARY KEY,
    -- email | sms | zalo
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    -- What the message is about (e.g. dossier / its id), for the admin page and support.
    entity_type     TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    -- Claims so far; counted when a worker takes the row, so that a message that crashes its
    -- worker every time still runs out of attempts.
    attempts        BIGINT NOT NULL,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    -- The worker that last claimed the row; the claim is live while claimed_until > now.
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    last_error      TEXT,
    sent_at         TIMESTAMPTZ,
    -- Given up after the configured number of attempts; kept for the admin page.
    dead_at         TIMESTAMPTZ
);
-- The claim query reads only undelivered rows in next_attempt_at order; a partial index keeps
-- it small however many sent rows accumulate.
CREATE INDEX outbox_message_due_idx ON outbox_message (next_attempt_at)
    WHERE sent_at IS NULL AND dead_at IS NULL;
