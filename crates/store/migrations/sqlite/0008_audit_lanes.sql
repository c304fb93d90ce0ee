-- The audit log becomes one hash chain per lane, each numbered from 1 (see src/lanes.rs).
-- SQLite has a single writer and writes lane 0 only, so `seq` stays unique here and stays the
-- primary key; the index makes (lane, seq) the chain's key, as on PostgreSQL. Existing entries
-- are lane 0 and keep their numbers and hashes.
ALTER TABLE audit_log ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX audit_log_lane_seq_idx ON audit_log (lane, seq);
