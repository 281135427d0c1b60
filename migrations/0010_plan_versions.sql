-- A version per organisation of everything a plan-status answer is computed from: rollups, plans, the calendar,
-- alerts, users, teams and the organisation's settings. Statement triggers bump it in the writing transaction, so a
-- reader that sees an unchanged version knows that an answer computed earlier is still the answer (the answer also
-- depends on the time of day; src/api/kpi.c puts that in its cache key). One row per organisation, written once per
-- statement, not per row: a scheduler pass that upserts thousands of rollups bumps it once per batch.
CREATE TABLE plan_versions (
    org_id   uuid PRIMARY KEY REFERENCES orgs (org_id),
    version  bigint NOT NULL
);
COMMENT ON TABLE plan_versions IS 'Bumped whenever data behind GET /v1/plan-status changes; lets salesctld reuse an answer it computed.';

CREATE FUNCTION plan_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO plan_versions (org_id, version)
    SELECT DISTINCT org_id, 1 FROM changed ORDER BY 1
    ON CONFLICT (org_id) DO UPDATE SET version = plan_versions.version + 1;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['kpi_daily', 'plans', 'calendar_days', 'alerts', 'users', 'teams', 'orgs'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_delete', t);
    END LOOP;
END $$;
