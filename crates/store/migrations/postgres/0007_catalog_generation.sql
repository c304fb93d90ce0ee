-- A counter that moves whenever a unit or a procedure version changes. Servers cache those
-- records; every authenticated request reads this counter in the query that authenticates it,
-- and a server drops its cache when the counter has moved. Triggers rather than application
-- code bump it, so an import, a migration or a hand-edit cannot leave a cache stale.
CREATE TABLE catalog_generation (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO catalog_generation (id, value) VALUES (1, 0);

CREATE FUNCTION move_catalog_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_generation SET value = value + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER unit_moves_catalog AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit
    FOR EACH STATEMENT EXECUTE FUNCTION move_catalog_generation();
CREATE TRIGGER procedure_version_moves_catalog
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON procedure_version
    FOR EACH STATEMENT EXECUTE FUNCTION move_catalog_generation();
