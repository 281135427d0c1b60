-- Alerts raised by the scheduler's rules, one open alert per condition, resolved when the condition clears.

CREATE TABLE alerts (
    org_id           uuid NOT NULL REFERENCES orgs (org_id),
    id               uuid NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('plan_lagging', 'activity_drop', 'report_missing', 'report_mismatch',
                                                   'leads_unprocessed', 'task_overdue', 'task_unchecked',
                                                   'one_on_one_overdue', 'idp_needed', 'idp_item_overdue')),
    severity         text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    subject_type     text NOT NULL CHECK (subject_type IN ('manager', 'team', 'task', 'idp_item')),
    subject_id       uuid NOT NULL,
    manager_id       uuid,
    team_id          uuid,
    period           date,
    date             date,
    metric           text,
    expected         numeric,
    actual           numeric,
    message          text NOT NULL,
    dedup_key        text NOT NULL,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    opened_at        timestamptz NOT NULL,
    resolved_at      timestamptz,
    acknowledged_at  timestamptz,
    acknowledged_by  uuid,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT alerts_ack_fk FOREIGN KEY (org_id, acknowledged_by) REFERENCES users (org_id, id)
);
COMMENT ON TABLE alerts IS 'Conditions found by the scheduler (SPEC §3 Alerts). manager_id and team_id say whom an alert concerns, for reach and filters.';
COMMENT ON COLUMN alerts.dedup_key IS 'kind|subject_type|subject_id|period|date|metric: at most one open alert per key.';
-- At most one open alert per (kind, subject, period or date, metric); the upsert of every pass relies on it.
CREATE UNIQUE INDEX alerts_open_key ON alerts (org_id, dedup_key) WHERE status = 'open';
-- Serves GET /v1/alerts (newest first) and the open-alert counts of plan status.
CREATE INDEX alerts_list_idx ON alerts (org_id, opened_at DESC, id DESC);
CREATE INDEX alerts_manager_idx ON alerts (org_id, manager_id, status);

CREATE FUNCTION alert_json(a alerts) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', a.id, 'kind', a.kind, 'severity', a.severity, 'subject_type', a.subject_type,
        'subject_id', a.subject_id, 'manager_id', a.manager_id, 'team_id', a.team_id,
        'period', to_char(a.period, 'YYYY-MM'), 'date', a.date, 'metric', a.metric,
        'expected', a.expected, 'actual', a.actual, 'message', a.message, 'status', a.status,
        'opened_at', a.opened_at, 'resolved_at', a.resolved_at, 'acknowledged_at', a.acknowledged_at,
        'acknowledged_by', a.acknowledged_by)
$$;

-- Who sees an alert: whoever reaches its manager, or (team alerts) sees the team.
CREATE FUNCTION alert_visible(a alerts, p_viewer uuid, p_role text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT p_role = 'owner'
        OR (a.manager_id IS NOT NULL AND in_reach(a.org_id, p_viewer, p_role, a.manager_id))
        OR (a.manager_id IS NULL AND a.team_id IS NOT NULL
            AND plan_subject_visible(a.org_id, p_viewer, p_role, 'team', a.team_id))
$$;
