-- The petitions' tally (issue 26, point 9). Keep in lockstep with
-- ../sqlite/0022_petition_tally.sql
--
-- Every petition is counted on one line, keyed by its unit, kind and the months (yyyymm,
-- Vietnam's clock; 0: none) it was received, is due and was closed, and whether it closed
-- after its due date. Registration adds it and every save moves it, in the same transaction,
-- as dossiers do on dossier_tally (0019): a dashboard over two years reads a few thousand lines
-- instead of every petition. Built from the petition table at the first start after this.
CREATE TABLE petition_tally (
    unit_id        TEXT NOT NULL,
    kind           TEXT NOT NULL,
    received_month BIGINT NOT NULL,
    due_month      BIGINT NOT NULL,
    closed_month   BIGINT NOT NULL,
    closed_late    BIGINT NOT NULL,
    petitions      BIGINT NOT NULL,
    PRIMARY KEY (unit_id, kind, received_month, due_month, closed_month, closed_late)
);
