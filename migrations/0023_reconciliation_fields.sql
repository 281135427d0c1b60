-- SPEC §6.3: a report's reconciliation covers every counter that has a recorded counterpart. Calls always have one
-- (call logs); the rest have one once the organisation feeds CRM events: leads_received (lead.created),
-- leads_processed (lead.first_contact), meetings (meeting.held), proposals_sent (proposal.sent), deals_won (deal.won),
-- payments_count (payment.received) and revenue_minor (the amounts of payment.received), each counted for the
-- manager on the report's local date. A field is a mismatch when |reported - recorded| > max(2, tolerance x
-- recorded), as calls always were. The overall status is mismatch when any field is, else no_logs when no call is
-- logged, else match; the calls_* members stay as they were.
-- The CRM's counterpart of each report counter for one manager and local date; the one definition reconciliation
-- (below) and the rollups (migration 0024) share.
CREATE FUNCTION crm_day_counts(p_org uuid, p_manager uuid, p_date date)
RETURNS TABLE (leads_received bigint, leads_processed bigint, meetings bigint, proposals_sent bigint, deals_won bigint,
               payments_count bigint, revenue_minor bigint)
LANGUAGE sql STABLE AS $$
    SELECT count(*) FILTER (WHERE type = 'lead.created'),
           count(*) FILTER (WHERE type = 'lead.first_contact'),
           count(*) FILTER (WHERE type = 'meeting.held'),
           count(*) FILTER (WHERE type = 'proposal.sent'),
           count(*) FILTER (WHERE type = 'deal.won'),
           count(*) FILTER (WHERE type = 'payment.received'),
           coalesce(sum(amount_minor) FILTER (WHERE type = 'payment.received'), 0)::bigint
      FROM crm_events e
     WHERE e.org_id = p_org AND e.manager_id = p_manager AND e.local_date = p_date
$$;

CREATE OR REPLACE FUNCTION report_reconciliation(r daily_reports) RETURNS json LANGUAGE sql STABLE AS $$
    WITH o AS (SELECT reconcile_tolerance AS tolerance,
                      EXISTS (SELECT 1 FROM crm_events e WHERE e.org_id = r.org_id) AS crm
                 FROM orgs WHERE org_id = r.org_id),
         logged AS (SELECT count(*)::bigint AS calls FROM call_logs c
                     WHERE c.org_id = r.org_id AND c.manager_id = r.manager_id AND c.local_date = r.date),
         ev AS (SELECT * FROM crm_day_counts(r.org_id, r.manager_id, r.date)),
         f AS (SELECT v.name, v.reported, v.recorded,
                      abs(v.reported - v.recorded) > greatest(2, o.tolerance * v.recorded) AS mismatch
                 FROM o, logged, ev,
                      LATERAL (VALUES (1, 'calls', (r.calls_outbound + r.calls_inbound)::bigint, logged.calls, true),
                                      (2, 'leads_received', r.leads_received::bigint, ev.leads_received, o.crm),
                                      (3, 'leads_processed', r.leads_processed::bigint, ev.leads_processed, o.crm),
                                      (4, 'meetings', r.meetings::bigint, ev.meetings, o.crm),
                                      (5, 'proposals_sent', r.proposals_sent::bigint, ev.proposals_sent, o.crm),
                                      (6, 'deals_won', r.deals_won::bigint, ev.deals_won, o.crm),
                                      (7, 'payments_count', r.payments_count::bigint, ev.payments_count, o.crm),
                                      (8, 'revenue_minor', r.revenue_minor, ev.revenue_minor, o.crm))
                              AS v(ord, name, reported, recorded, kept)
                WHERE v.kept)
    SELECT json_build_object(
               'calls_reported', c.reported, 'calls_logged', c.recorded, 'delta', c.reported - c.recorded,
               'status', CASE WHEN (SELECT bool_or(mismatch) FROM f) THEN 'mismatch'
                              WHEN c.recorded = 0 THEN 'no_logs' ELSE 'match' END,
               'fields', (SELECT json_object_agg(name, json_build_object(
                                   'reported', reported, 'recorded', recorded,
                                   'status', CASE WHEN mismatch THEN 'mismatch' ELSE 'match' END))
                            FROM f))
      FROM f c WHERE c.name = 'calls'
$$;
