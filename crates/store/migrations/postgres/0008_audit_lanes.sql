-- The audit log becomes one hash chain per lane, each numbered from 1, so that concurrent
-- transactions append to different chains instead of queueing behind each other's commits
-- (see src/lanes.rs). Existing entries are lane 0 and keep their numbers and hashes. Adding a
-- column with a constant default rewrites no row, so the append-only triggers do not fire.
ALTER TABLE audit_log ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
CREATE UNIQUE INDEX audit_log_lane_seq_idx ON audit_log (lane, seq);
