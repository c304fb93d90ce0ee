-- API tokens expire by default (issue 21, point 11). A token created before this migration had
-- no expiry unless its creator gave one: it gets the default lifetime (90 days, the value of
-- motcua_store::tokens::DEFAULT_LIFETIME_DAYS) from the day the migration runs, so that no
-- forgotten integration key stays valid forever, and its holder still has the 14 days of
-- warnings before it stops. Revoked tokens are left as they are. The format is the one sqlx
-- writes for a UTC time (RFC 3339 with +00:00).
UPDATE api_token
SET expires_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now', '+90 days')
WHERE expires_at IS NULL AND revoked_at IS NULL;
