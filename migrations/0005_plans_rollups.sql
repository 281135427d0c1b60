-- Monthly plans, and the daily KPI rollups the scheduler maintains incrementally.

CREATE TABLE plans (
    org_id        uuid NOT NULL REFERENCES orgs (org_id),
    period        date NOT NULL CHECK (extract(day FROM period) = 1),
    subject_type  text NOT NULL CHECK (subject_type IN ('manager', 'team')),
    subject_id    uuid NOT NULL,
    targets       jsonb NOT NULL,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, period, subject_type, subject_id)
);
COMMENT ON TABLE plans IS 'Targets of one subject (a manager or a team) for one month: {metric: value} of additive plan metrics.';
COMMENT ON COLUMN plans.period IS 'The first day of the month the plan is for (the API speaks YYYY-MM).';

CREATE TABLE kpi_daily (
    org_id               uuid NOT NULL REFERENCES orgs (org_id),
    manager_id           uuid NOT NULL,
    date                 date NOT NULL,
    calls_total          integer NOT NULL DEFAULT 0,
    calls_outbound       integer NOT NULL DEFAULT 0,
    calls_inbound        integer NOT NULL DEFAULT 0,
    calls_effective      integer NOT NULL DEFAULT 0,
    talk_time_s          bigint NOT NULL DEFAULT 0,
    chat_sessions        integer NOT NULL DEFAULT 0,
    meetings             integer NOT NULL DEFAULT 0,
    proposals_sent       integer NOT NULL DEFAULT 0,
    leads_received       integer NOT NULL DEFAULT 0,
    leads_processed      integer NOT NULL DEFAULT 0,
    deals_won            integer NOT NULL DEFAULT 0,
    payments_count       integer NOT NULL DEFAULT 0,
    revenue_minor        bigint NOT NULL DEFAULT 0,
    quality_score_sum    bigint NOT NULL DEFAULT 0,
    quality_score_count  integer NOT NULL DEFAULT 0,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, manager_id, date),
    CONSTRAINT kpi_daily_manager_fk FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE kpi_daily IS 'Every additive metric per manager and local date: calls from call_logs, the rest from the evening report, quality from call reviews. Written only by the scheduler (and salesctld rollup --rebuild) as upserts recomputed from the sources, so overlapping passes write the same rows.';
-- The primary key serves the KPI and plan-status reads (org, manager, date range).
CREATE INDEX kpi_daily_date_idx ON kpi_daily (org_id, date);

CREATE TABLE rollup_dirty (
    org_id      uuid NOT NULL,
    manager_id  uuid NOT NULL,
    date        date NOT NULL,
    marked_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, manager_id, date)
);
COMMENT ON TABLE rollup_dirty IS 'The (manager, local date) keys whose sources changed since the last pass; written by triggers in the same transaction as the change, consumed by the scheduler.';

-- Statement-level triggers: a batch of 1,000 calls marks each distinct key once.
CREATE FUNCTION rollup_mark_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT DISTINCT org_id, manager_id, local_date FROM changed
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER call_logs_mark_insert AFTER INSERT ON call_logs
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_calls();
CREATE TRIGGER call_logs_mark_delete AFTER DELETE ON call_logs
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_calls();

CREATE FUNCTION rollup_mark_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT DISTINCT org_id, manager_id, date FROM changed
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER daily_reports_mark_insert AFTER INSERT ON daily_reports
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_reports();
CREATE TRIGGER daily_reports_mark_update AFTER UPDATE ON daily_reports
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_reports();

CREATE FUNCTION rollup_mark_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT DISTINCT c.org_id, c.manager_id, c.local_date
      FROM changed r JOIN call_logs c ON c.org_id = r.org_id AND c.id = r.call_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER call_reviews_mark_insert AFTER INSERT ON call_reviews
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_reviews();
CREATE TRIGGER call_reviews_mark_update AFTER UPDATE ON call_reviews
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_reviews();

-- Keys written before this migration: everything that has data.
INSERT INTO rollup_dirty (org_id, manager_id, date)
SELECT org_id, manager_id, local_date FROM call_logs
UNION SELECT org_id, manager_id, date FROM daily_reports
ON CONFLICT DO NOTHING;

CREATE FUNCTION plan_json(p plans) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('period', to_char(p.period, 'YYYY-MM'), 'subject_type', p.subject_type,
                             'subject_id', p.subject_id, 'targets', p.targets,
                             'created_at', p.created_at, 'updated_at', p.updated_at)
$$;

-- Whether the viewer reaches a plan's subject: a manager in reach, or a team the viewer heads, belongs to, or (as
-- owner) any team.
CREATE FUNCTION plan_subject_visible(p_org uuid, p_viewer uuid, p_role text, p_type text, p_subject uuid)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_type = 'manager' THEN in_reach(p_org, p_viewer, p_role, p_subject)
                ELSE p_role = 'owner'
                  OR EXISTS (SELECT 1 FROM teams t WHERE t.org_id = p_org AND t.id = p_subject AND t.head_id = p_viewer)
                  OR EXISTS (SELECT 1 FROM users u WHERE u.org_id = p_org AND u.id = p_viewer AND u.team_id = p_subject)
           END
$$;

-- Changing what counts as an effective call changes every rollup of the organisation.
CREATE FUNCTION rollup_mark_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT org_id, manager_id, date FROM kpi_daily WHERE org_id = NEW.org_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER orgs_mark_effective AFTER UPDATE OF effective_call_seconds ON orgs
    FOR EACH ROW WHEN (OLD.effective_call_seconds IS DISTINCT FROM NEW.effective_call_seconds)
    EXECUTE FUNCTION rollup_mark_org();

-- The one definition of a day's metrics for one manager, used by the incremental pass and the full rebuild alike.
CREATE FUNCTION kpi_rollup_compute(p_org uuid, p_manager uuid, p_date date)
RETURNS TABLE (calls_total integer, calls_outbound integer, calls_inbound integer, calls_effective integer,
               talk_time_s bigint, chat_sessions integer, meetings integer, proposals_sent integer,
               leads_received integer, leads_processed integer, deals_won integer, payments_count integer,
               revenue_minor bigint, quality_score_sum bigint, quality_score_count integer)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(c.total, 0), coalesce(c.outbound, 0), coalesce(c.inbound, 0), coalesce(c.effective, 0),
           coalesce(c.talk, 0), coalesce(r.chat_sessions, 0), coalesce(r.meetings, 0), coalesce(r.proposals_sent, 0),
           coalesce(r.leads_received, 0), coalesce(r.leads_processed, 0), coalesce(r.deals_won, 0),
           coalesce(r.payments_count, 0), coalesce(r.revenue_minor, 0), coalesce(c.score_sum, 0),
           coalesce(c.score_count, 0)
      FROM (SELECT count(*)::int AS total,
                   count(*) FILTER (WHERE cl.direction = 'outbound')::int AS outbound,
                   count(*) FILTER (WHERE cl.direction = 'inbound')::int AS inbound,
                   count(*) FILTER (WHERE cl.duration_s >= o.effective_call_seconds)::int AS effective,
                   sum(cl.duration_s)::bigint AS talk,
                   sum(rv.score)::bigint AS score_sum, count(rv.score)::int AS score_count
              FROM call_logs cl
              JOIN orgs o ON o.org_id = cl.org_id
              LEFT JOIN call_reviews rv ON rv.org_id = cl.org_id AND rv.call_id = cl.id
             WHERE cl.org_id = p_org AND cl.manager_id = p_manager AND cl.local_date = p_date) c
      LEFT JOIN daily_reports r ON r.org_id = p_org AND r.manager_id = p_manager AND r.date = p_date
$$;
