-- SPEC §6.4 month close. Closing a month stores what plan status, the KPIs and the payouts said of it, a row per
-- subject; reads of a closed month answer those rows. Writes that touch a closed month are still stored (a call log
-- that arrives late is a fact) and counted in late_changes; a reopen, with its reason, drops the snapshot so the
-- month reads live again until it is closed anew. Every close and reopen is kept in period_close_log.
CREATE TABLE period_closes (
    org_id        uuid NOT NULL REFERENCES orgs (org_id),
    period        date NOT NULL CHECK (extract(day FROM period) = 1),
    closed_at     timestamptz,
    closed_by     uuid,
    workdays      jsonb,
    late_changes  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, period),
    CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
COMMENT ON COLUMN period_closes.closed_at IS 'NULL: reopened and not closed since (the month reads live).';
COMMENT ON COLUMN period_closes.late_changes IS 'Writes counted since the close: each manager-day of the month a write marked for the rollups, each plan of the month changed.';

CREATE TABLE period_close_log (
    org_id    uuid NOT NULL,
    period    date NOT NULL,
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    action    text NOT NULL CHECK (action IN ('close', 'reopen')),
    at        timestamptz NOT NULL DEFAULT now(),
    actor_id  uuid NOT NULL,
    reason    text,
    late_changes integer NOT NULL,
    PRIMARY KEY (org_id, period, seq),
    FOREIGN KEY (org_id, period) REFERENCES period_closes (org_id, period)
);
COMMENT ON COLUMN period_close_log.late_changes IS 'late_changes when the action was taken (a reopen keeps how many writes had come late).';

CREATE TABLE period_snapshots (
    org_id        uuid NOT NULL,
    period        date NOT NULL,
    subject_type  text NOT NULL CHECK (subject_type IN ('org', 'team', 'manager')),
    subject_id    uuid NOT NULL,
    team_id       uuid,
    plan_status   jsonb NOT NULL,
    payout        jsonb,
    kpis          jsonb NOT NULL,
    PRIMARY KEY (org_id, period, subject_type, subject_id),
    FOREIGN KEY (org_id, period) REFERENCES period_closes (org_id, period)
);
COMMENT ON COLUMN period_snapshots.team_id IS 'A manager''s team when the month was closed: team filters of a closed month use it.';

-- Late changes. Every write that reaches the KPIs marks (manager, day) keys in rollup_dirty (0005, 0009, 0024), new
-- keys by INSERT and already-dirty ones by ON CONFLICT DO UPDATE, so these two statement triggers see them all. The
-- statement touches a closed month rarely: the join finds no row and updates nothing.
CREATE FUNCTION period_count_late_marks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE period_closes p SET late_changes = p.late_changes + c.n
      FROM (SELECT org_id, date_trunc('month', date)::date AS period, count(*) AS n FROM changed GROUP BY 1, 2) c
     WHERE p.org_id = c.org_id AND p.period = c.period AND p.closed_at IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER rollup_dirty_late_insert AFTER INSERT ON rollup_dirty
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION period_count_late_marks();
CREATE TRIGGER rollup_dirty_late_update AFTER UPDATE ON rollup_dirty
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION period_count_late_marks();

CREATE FUNCTION period_count_late_plans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE period_closes p SET late_changes = p.late_changes + c.n
      FROM (SELECT org_id, period, count(*) AS n FROM changed GROUP BY 1, 2) c
     WHERE p.org_id = c.org_id AND p.period = c.period AND p.closed_at IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER plans_late_insert AFTER INSERT ON plans
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION period_count_late_plans();
CREATE TRIGGER plans_late_update AFTER UPDATE ON plans
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION period_count_late_plans();

-- A close or reopen changes what plan status and payouts answer for the month: cached answers must not outlive it.
CREATE TRIGGER period_closes_plan_version_insert AFTER INSERT ON period_closes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER period_closes_plan_version_update AFTER UPDATE ON period_closes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
