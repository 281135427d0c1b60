-- SPEC §6.3: per metric, where its figures come from. metric_sources maps leads_received, leads_processed, meetings,
-- proposals_sent, deals_won, payments_count and revenue_minor to 'report' (the evening report, the default) or
-- 'crm' (the manager's CRM events of the day, crm_day_counts). The rollups hold the chosen source's value in the
-- metric's own column, so KPIs, plan status, alerts and (later) payouts read one figure and follow a switch once the
-- scheduler has recomputed the organisation's days (a switch marks them all dirty).
ALTER TABLE orgs ADD COLUMN metric_sources jsonb NOT NULL DEFAULT '{}'
    CONSTRAINT orgs_metric_sources_object CHECK (jsonb_typeof(metric_sources) = 'object');
COMMENT ON COLUMN orgs.metric_sources IS 'Only the metrics taken from the CRM are stored ({"leads_received": "crm"}); the others are the report''s.';

-- The one definition of a day's metrics for one manager, used by the incremental pass and the full rebuild alike:
-- calls from call_logs, quality from call reviews, chat sessions from the report, and each switchable metric from
-- the organisation's chosen source.
CREATE OR REPLACE FUNCTION kpi_rollup_compute(p_org uuid, p_manager uuid, p_date date)
RETURNS TABLE (calls_total integer, calls_outbound integer, calls_inbound integer, calls_effective integer,
               talk_time_s bigint, chat_sessions integer, meetings integer, proposals_sent integer,
               leads_received integer, leads_processed integer, deals_won integer, payments_count integer,
               revenue_minor bigint, quality_score_sum bigint, quality_score_count integer)
LANGUAGE sql STABLE AS $$
    SELECT coalesce(c.total, 0), coalesce(c.outbound, 0), coalesce(c.inbound, 0), coalesce(c.effective, 0),
           coalesce(c.talk, 0), coalesce(r.chat_sessions, 0),
           CASE WHEN s.src->>'meetings' = 'crm' THEN e.meetings::int ELSE coalesce(r.meetings, 0) END,
           CASE WHEN s.src->>'proposals_sent' = 'crm' THEN e.proposals_sent::int ELSE coalesce(r.proposals_sent, 0) END,
           CASE WHEN s.src->>'leads_received' = 'crm' THEN e.leads_received::int ELSE coalesce(r.leads_received, 0) END,
           CASE WHEN s.src->>'leads_processed' = 'crm' THEN e.leads_processed::int ELSE coalesce(r.leads_processed, 0) END,
           CASE WHEN s.src->>'deals_won' = 'crm' THEN e.deals_won::int ELSE coalesce(r.deals_won, 0) END,
           CASE WHEN s.src->>'payments_count' = 'crm' THEN e.payments_count::int ELSE coalesce(r.payments_count, 0) END,
           CASE WHEN s.src->>'revenue_minor' = 'crm' THEN e.revenue_minor ELSE coalesce(r.revenue_minor, 0) END,
           coalesce(c.score_sum, 0), coalesce(c.score_count, 0)
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
      CROSS JOIN (SELECT metric_sources AS src FROM orgs WHERE org_id = p_org) s
      CROSS JOIN crm_day_counts(p_org, p_manager, p_date) e
      LEFT JOIN daily_reports r ON r.org_id = p_org AND r.manager_id = p_manager AND r.date = p_date
$$;

-- A stored event marks its manager's day, as a call does (migration 0009's locking).
CREATE TRIGGER crm_events_mark_insert AFTER INSERT ON crm_events
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION rollup_mark_calls();

-- A switch of source recomputes every day of the organisation.
CREATE TRIGGER orgs_mark_sources AFTER UPDATE OF metric_sources ON orgs
    FOR EACH ROW WHEN (OLD.metric_sources IS DISTINCT FROM NEW.metric_sources)
    EXECUTE FUNCTION rollup_mark_org();
