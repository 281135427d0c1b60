-- SPEC §6.4: the morning stand-up — what I did yesterday and with what result, my goal today and how I will reach it,
-- what help I need — one per user and local date, editable until the organisation's standup_deadline. A help
-- request becomes a standup.help_needed event (and, with the one-on-one agenda, an item of the next one-on-one).
ALTER TABLE orgs ADD COLUMN standup_deadline time NOT NULL DEFAULT '10:00';

-- org_json with the settings of migrations 0024, 0025 and this one.
CREATE OR REPLACE FUNCTION org_json(o orgs) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', o.org_id, 'name', o.name, 'timezone', o.timezone, 'currency', o.currency,
        'report_deadline', to_char(o.report_deadline, 'HH24:MI'),
        'effective_call_seconds', o.effective_call_seconds, 'lag_threshold', o.lag_threshold,
        'critical_threshold', o.critical_threshold, 'min_elapsed_workdays', o.min_elapsed_workdays,
        'one_on_one_interval_days', o.one_on_one_interval_days, 'reconcile_tolerance', o.reconcile_tolerance,
        'metric_sources', (SELECT json_object_agg(m, coalesce(o.metric_sources->>m, 'report') ORDER BY n)
                             FROM unnest(ARRAY['leads_received', 'leads_processed', 'meetings', 'proposals_sent',
                                               'deals_won', 'payments_count', 'revenue_minor'])
                                  WITH ORDINALITY AS x(m, n)),
        'lead_sla_minutes', o.lead_sla_minutes, 'workday_start', to_char(o.workday_start, 'HH24:MI'),
        'stage_max_days', o.stage_max_days, 'stage_max_days_by_stage', o.stage_max_days_by_stage,
        'standup_deadline', to_char(o.standup_deadline, 'HH24:MI'),
        'created_at', o.created_at, 'updated_at', o.updated_at)
$$;

CREATE TABLE standups (
    org_id            uuid NOT NULL,
    manager_id        uuid NOT NULL,
    date              date NOT NULL,
    id                uuid NOT NULL,
    yesterday_result  text,
    today_goal        text NOT NULL,
    today_plan        text,
    help_needed       text,
    submitted_at      timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    version           integer NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, manager_id, date),
    CONSTRAINT standups_id_key UNIQUE (org_id, id)
);
COMMENT ON TABLE standups IS 'The morning stand-up of a user for a date in their time zone; the board reads a team''s by date.';
COMMENT ON COLUMN standups.submitted_at IS 'When it was first given: the board''s check-in time. Edits keep it.';

CREATE FUNCTION standup_json(s standups) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', s.id, 'manager_id', s.manager_id, 'date', s.date,
                             'yesterday_result', s.yesterday_result, 'today_goal', s.today_goal,
                             'today_plan', s.today_plan, 'help_needed', s.help_needed,
                             'submitted_at', s.submitted_at, 'updated_at', s.updated_at)
$$;

ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check,
    ADD CONSTRAINT webhooks_events_check CHECK (
        events <@ ARRAY['alert.opened', 'alert.resolved', 'report.submitted', 'task.overdue', 'task.assigned',
                        'task.done', 'report.reviewed', 'one_on_one.scheduled', 'lead.sla_breached',
                        'standup.help_needed']
        AND cardinality(events) > 0);

-- standup.help_needed: a stand-up that asks for help, or an edit that changes what it asks.
CREATE FUNCTION standups_enqueue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_enqueue(s.org_id, 'standup.help_needed', standup_json(s))
           FROM changed s WHERE coalesce(s.help_needed, '') <> '';
    ELSE
        PERFORM webhook_enqueue(n.org_id, 'standup.help_needed', standup_json(n))
           FROM changed n JOIN old_rows o ON o.org_id = n.org_id AND o.manager_id = n.manager_id AND o.date = n.date
          WHERE coalesce(n.help_needed, '') <> '' AND n.help_needed IS DISTINCT FROM o.help_needed;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER standups_events_insert AFTER INSERT ON standups
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION standups_enqueue_events();
CREATE TRIGGER standups_events_update AFTER UPDATE ON standups
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION standups_enqueue_events();

-- The open tasks of an assignee by due date: the board's overdue count reads a few index entries, not every task the
-- manager ever had.
CREATE INDEX tasks_assignee_open_idx ON tasks (org_id, assignee_id, due_at) WHERE status IN ('new', 'in_progress');
