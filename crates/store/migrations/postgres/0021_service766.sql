-- What Decision 766 counts beyond the clock (issue 26, point 2). Keep in lockstep with
-- ../sqlite/0021_service766.sql
--
-- Per procedure version: how far it can be done online, and whether its result is a
-- document (indicators 3.1, 3.2, 4.1). Versions imported before this keep the defaults of
-- an import without these columns: desk only, a document as the result.
ALTER TABLE procedure_version ADD COLUMN online_level TEXT NOT NULL DEFAULT 'none';
ALTER TABLE procedure_version ADD COLUMN paper_result BOOLEAN NOT NULL DEFAULT TRUE;

-- Per dossier (indicators 1.4, 3.5, 3.6, 4.1 to 4.4). A dossier received before this has
-- them all false, and so do its tally lines: nothing is claimed that was not recorded.
ALTER TABLE dossier ADD COLUMN fee_bearing BOOLEAN NOT NULL DEFAULT FALSE;
-- 'portal' (the national portal's payment) or 'province' (the province's gateway).
ALTER TABLE dossier ADD COLUMN paid_online TEXT;
ALTER TABLE dossier ADD COLUMN paper_result BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dossier ADD COLUMN e_result BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dossier ADD COLUMN components_digitised BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dossier ADD COLUMN reused_data BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dossier ADD COLUMN from_portal_store BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dossier ADD COLUMN synced_at TIMESTAMPTZ;

-- The same, summed on each tally line (see 0019): each counts the line's dossiers that have
-- the fact, in the combination its indicator counts (paid online among those with a fee, an
-- electronic result among those whose result is a document, …; see
-- motcua_domain::stats::Digital).
ALTER TABLE dossier_tally ADD COLUMN fee_bearing BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN paid_online BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN paper_result BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN e_result BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN digitised BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN reused BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN from_store BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossier_tally ADD COLUMN synced BIGINT NOT NULL DEFAULT 0;
