-- IDP items with a metric: their current value comes from the KPI rollups over the plan's period, and the
-- scheduler marks them done when it reaches the target.

-- The sum of one plan metric for a manager over from..to, from kpi_daily.
CREATE FUNCTION kpi_metric_sum(p_org uuid, p_manager uuid, p_from date, p_to date, p_metric text) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(CASE p_metric
        WHEN 'calls_total' THEN k.calls_total WHEN 'calls_outbound' THEN k.calls_outbound
        WHEN 'calls_inbound' THEN k.calls_inbound WHEN 'calls_effective' THEN k.calls_effective
        WHEN 'talk_time_s' THEN k.talk_time_s WHEN 'chat_sessions' THEN k.chat_sessions
        WHEN 'meetings' THEN k.meetings WHEN 'proposals_sent' THEN k.proposals_sent
        WHEN 'leads_received' THEN k.leads_received WHEN 'leads_processed' THEN k.leads_processed
        WHEN 'deals_won' THEN k.deals_won WHEN 'payments_count' THEN k.payments_count
        WHEN 'revenue_minor' THEN k.revenue_minor END), 0)
      FROM kpi_daily k
     WHERE k.org_id = p_org AND k.manager_id = p_manager AND k.date BETWEEN p_from AND p_to
$$;

CREATE OR REPLACE FUNCTION idp_item_json(i idp_items) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', i.id, 'competency', i.competency, 'goal', i.goal, 'metric', i.metric, 'target_value', i.target_value,
        'current_value', CASE WHEN i.metric IS NOT NULL THEN
            (SELECT kpi_metric_sum(d.org_id, d.manager_id, d.starts_on, d.ends_on, i.metric)
               FROM development_plans d WHERE d.org_id = i.org_id AND d.id = i.plan_id) END,
        'due_on', i.due_on, 'status', i.status,
        'progress', coalesce((SELECT json_agg(json_build_object('at', p.at, 'value', p.value, 'note', p.note,
                                                                'author_id', p.author_id) ORDER BY p.at, p.id)
                                FROM idp_progress p WHERE p.org_id = i.org_id AND p.item_id = i.id), '[]'))
$$;
