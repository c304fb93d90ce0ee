-- API tokens expire by default (issue 21, point 11). A token created before this migration had
-- no expiry unless its creator gave one: it gets the default lifetime (90 days, the value of
-- motcua_store::tokens::DEFAULT_LIFETIME_DAYS) from the day the migration runs, so that no
-- forgotten integration key stays valid forever, and its holder still has the 14 days of
-- warnings before it stops. Revoked tokens are left as they are.
UPDATE api_token
SET expires_at = date_trunc('second', now()) + interval '90 days'
WHERE expires_at IS NULL AND revoked_at IS NULL;
