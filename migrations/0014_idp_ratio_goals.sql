-- IDP goals on ratios (SPEC §6.2): "raise conversion to 25 %", "quality score to 4.0". A ratio item is measured as the
-- ratio of sums over the plan's window (starts_on up to the pass's as_of date), never as an average of daily ratios.
ALTER TABLE idp_items DROP CONSTRAINT idp_items_metric_check;
ALTER TABLE idp_items ADD CONSTRAINT idp_items_metric_check CHECK (metric IN (
    'calls_total', 'calls_outbound', 'calls_inbound', 'calls_effective', 'talk_time_s', 'chat_sessions', 'meetings',
    'proposals_sent', 'leads_received', 'leads_processed', 'deals_won', 'payments_count', 'revenue_minor',
    'conversion', 'effective_share', 'quality_score_avg', 'avg_deal_minor'));

-- A plan metric's sum, or a ratio metric's ratio of sums, for one manager over from..to; NULL for a ratio whose
-- denominator is 0. The same definitions as the KPI series (src/store/kpi.c).
CREATE FUNCTION kpi_metric_value(p_org uuid, p_manager uuid, p_from date, p_to date, p_metric text) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT CASE p_metric
        WHEN 'conversion' THEN sum(k.deals_won)::numeric / nullif(sum(k.leads_processed), 0)
        WHEN 'effective_share' THEN sum(k.calls_effective)::numeric / nullif(sum(k.calls_total), 0)
        WHEN 'quality_score_avg' THEN sum(k.quality_score_sum)::numeric / nullif(sum(k.quality_score_count), 0)
        WHEN 'avg_deal_minor' THEN sum(k.revenue_minor)::numeric / nullif(sum(k.deals_won), 0)
        ELSE kpi_metric_sum(p_org, p_manager, p_from, p_to, p_metric) END
      FROM kpi_daily k
     WHERE k.org_id = p_org AND k.manager_id = p_manager AND k.date BETWEEN p_from AND p_to
$$;

CREATE OR REPLACE FUNCTION idp_item_json(i idp_items) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', i.id, 'competency', i.competency, 'goal', i.goal, 'metric', i.metric, 'target_value', i.target_value,
        'current_value', CASE WHEN i.metric IS NOT NULL THEN
            (SELECT kpi_metric_value(d.org_id, d.manager_id, d.starts_on, d.ends_on, i.metric)
               FROM development_plans d WHERE d.org_id = i.org_id AND d.id = i.plan_id) END,
        'due_on', i.due_on, 'status', i.status,
        'progress', coalesce((SELECT json_agg(json_build_object('at', p.at, 'value', p.value, 'note', p.note,
                                                                'author_id', p.author_id) ORDER BY p.at, p.id)
                                FROM idp_progress p WHERE p.org_id = i.org_id AND p.item_id = i.id), '[]'))
$$;
