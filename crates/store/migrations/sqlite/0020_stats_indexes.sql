-- Indexes the dashboards need at millions of cases (issue 26, point 9; measured in
-- docs/BENCHMARKS.md). Keep in lockstep with ../postgres/0020_stats_indexes.sql
--
-- The late dossiers of a unit and period, newest first, chosen from the index alone (it
-- replaces 0019's dossier_outcome_idx, which lacked the id).
DROP INDEX IF EXISTS dossier_outcome_idx;
CREATE INDEX IF NOT EXISTS dossier_late_idx ON dossier (receiving_unit_id, outcome, finished_at, dossier_id);
-- The dossiers of a unit open at a moment, by due date: what "in progress within / over the
-- limit" lists read.
CREATE INDEX IF NOT EXISTS dossier_unit_open_idx ON dossier (receiving_unit_id, finished_at, due_at);
-- Petitions of a unit open at or closed after a moment, with what the dashboard counts of
-- them: the petitions' figures read the index alone.
CREATE INDEX IF NOT EXISTS petition_unit_closed_idx ON petition (unit_id, closed_at, received_at, kind, due_at);
