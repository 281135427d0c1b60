-- Alert messages in the reader's language (SPEC §6.1): the API renders each message per request from the alert's
-- kind and figures (domain/alert_text.c). Most kinds are told by their columns; details keeps what a column does not
-- hold: a task's title, a development plan item's goal, the metrics an idp_needed alert is about. message stays,
-- in English, for webhooks and for readers of the table.
ALTER TABLE alerts ADD COLUMN details jsonb;
COMMENT ON COLUMN alerts.details IS 'What the message names beyond the columns: {"title"} (task alerts), {"goal"} (idp_item_overdue), {"metrics": [...]} (idp_needed); NULL for the other kinds.';

CREATE OR REPLACE FUNCTION alert_json(a alerts) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', a.id, 'kind', a.kind, 'severity', a.severity, 'subject_type', a.subject_type,
        'subject_id', a.subject_id, 'manager_id', a.manager_id, 'team_id', a.team_id,
        'period', to_char(a.period, 'YYYY-MM'), 'date', a.date, 'metric', a.metric,
        'expected', a.expected, 'actual', a.actual, 'message', a.message, 'details', a.details, 'status', a.status,
        'opened_at', a.opened_at, 'resolved_at', a.resolved_at, 'acknowledged_at', a.acknowledged_at,
        'acknowledged_by', a.acknowledged_by)
$$;
