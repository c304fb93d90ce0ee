-- A counter that moves whenever a unit or a procedure version changes. Servers cache those
-- records; every authenticated request reads this counter in the query that authenticates it,
-- and a server drops its cache when the counter has moved. Triggers rather than application
-- code bump it, so an import, a migration or a hand-edit cannot leave a cache stale.
CREATE TABLE catalog_generation (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO catalog_generation (id, value) VALUES (1, 0);

CREATE TRIGGER unit_insert_moves_catalog AFTER INSERT ON unit
BEGIN UPDATE catalog_generation SET value = value + 1; END;
CREATE TRIGGER unit_update_moves_catalog AFTER UPDATE ON unit
BEGIN UPDATE catalog_generation SET value = value + 1; END;
CREATE TRIGGER unit_delete_moves_catalog AFTER DELETE ON unit
BEGIN UPDATE catalog_generation SET value = value + 1; END;
CREATE TRIGGER procedure_version_insert_moves_catalog AFTER INSERT ON procedure_version
BEGIN UPDATE catalog_generation SET value = value + 1; END;
CREATE TRIGGER procedure_version_update_moves_catalog AFTER UPDATE ON procedure_version
BEGIN UPDATE catalog_generation SET value = value + 1; END;
CREATE TRIGGER procedure_version_delete_moves_catalog AFTER DELETE ON procedure_version
BEGIN UPDATE catalog_generation SET value = value + 1; END;
