-- Failed logins slow the guesser down per account-and-address and per address instead of
-- locking the account (see docs/SECURITY.md). An administrator's unlock marks failures
-- as cleared rather than deleting them, so the record of an attack stays.
ALTER TABLE login_attempt ADD COLUMN cleared_at DATETIME;
CREATE INDEX login_attempt_ip_idx ON login_attempt (ip, attempted_at);
