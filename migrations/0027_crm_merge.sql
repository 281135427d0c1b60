-- The merge of CRM events into their leads and deals, as one function: the batch statement calls it with the events
-- it has just stored, and a rebuild (the demo data, a repair) with every event of an organisation, which gives the
-- same state, since merging is idempotent and does not depend on order (migration 0022 says why).
CREATE FUNCTION crm_merge(p_org uuid, p_events crm_events[]) RETURNS void LANGUAGE sql AS $$
    WITH ev AS (SELECT e.*, crm_event_key(e.occurred_at, e.external_id) AS k FROM unnest(p_events) AS e),
    -- One row per lead of lead.* events: the manager of the latest lead.created or lead.assigned (else of the latest
    -- event), created_at of the earliest lead.created (else of the earliest event).
    lead_merge AS (
        INSERT INTO leads AS l (org_id, lead_id, manager_id, manager_key, created_at, created_key, first_contact_at,
                                closed_at)
        SELECT p_org, lead_id, (array_agg(manager_id ORDER BY mk DESC))[1], max(mk),
               (array_agg(occurred_at ORDER BY ck))[1], min(ck),
               min(occurred_at) FILTER (WHERE type = 'lead.first_contact'),
               min(occurred_at) FILTER (WHERE type = 'lead.closed')
          FROM (SELECT ev.*, CASE WHEN type IN ('lead.created', 'lead.assigned') THEN '1' ELSE '0' END || k AS mk,
                       CASE WHEN type = 'lead.created' THEN '0' ELSE '1' END || k AS ck
                  FROM ev WHERE type LIKE 'lead.%') x
         GROUP BY lead_id
        ON CONFLICT (org_id, lead_id) DO UPDATE SET
            manager_id = CASE WHEN EXCLUDED.manager_key > l.manager_key THEN EXCLUDED.manager_id ELSE l.manager_id END,
            manager_key = greatest(l.manager_key, EXCLUDED.manager_key),
            created_at = CASE WHEN EXCLUDED.created_key < l.created_key THEN EXCLUDED.created_at ELSE l.created_at END,
            created_key = least(l.created_key, EXCLUDED.created_key),
            first_contact_at = least(l.first_contact_at, EXCLUDED.first_contact_at),
            closed_at = least(l.closed_at, EXCLUDED.closed_at),
            updated_at = now()
        RETURNING 1),
    -- One row per deal of deal.* events: each part from the latest event that names it, created_at as for leads.
    -- LEAST and GREATEST skip NULLs; a comparison with a NULL key keeps the stored part.
    deal_merge AS (
        INSERT INTO deals AS d (org_id, deal_id, lead_id, manager_id, manager_key, created_at, created_key, stage,
                                stage_entered_at, stage_key, amount_minor, amount_key, outcome, closed_at, outcome_key)
        SELECT p_org, deal_id, min(lead_id), (array_agg(manager_id ORDER BY k DESC))[1], max(k),
               (array_agg(occurred_at ORDER BY ck))[1], min(ck),
               (array_agg(stage ORDER BY k DESC) FILTER (WHERE staged))[1],
               (array_agg(occurred_at ORDER BY k DESC) FILTER (WHERE staged))[1], max(k) FILTER (WHERE staged),
               (array_agg(amount_minor ORDER BY k DESC) FILTER (WHERE amount_minor IS NOT NULL))[1],
               max(k) FILTER (WHERE amount_minor IS NOT NULL),
               (array_agg(substr(type, 6) ORDER BY k DESC) FILTER (WHERE closing))[1],
               (array_agg(occurred_at ORDER BY k DESC) FILTER (WHERE closing))[1], max(k) FILTER (WHERE closing)
          FROM (SELECT ev.*, CASE WHEN type = 'deal.created' THEN '0' ELSE '1' END || k AS ck,
                       stage IS NOT NULL AND type IN ('deal.created', 'deal.stage_changed') AS staged,
                       type IN ('deal.won', 'deal.lost') AS closing
                  FROM ev WHERE type LIKE 'deal.%') x
         GROUP BY deal_id
        ON CONFLICT (org_id, deal_id) DO UPDATE SET
            lead_id = least(d.lead_id, EXCLUDED.lead_id),
            manager_id = CASE WHEN EXCLUDED.manager_key > d.manager_key THEN EXCLUDED.manager_id ELSE d.manager_id END,
            manager_key = greatest(d.manager_key, EXCLUDED.manager_key),
            created_at = CASE WHEN EXCLUDED.created_key < d.created_key THEN EXCLUDED.created_at ELSE d.created_at END,
            created_key = least(d.created_key, EXCLUDED.created_key),
            stage = CASE WHEN EXCLUDED.stage_key > coalesce(d.stage_key, '') THEN EXCLUDED.stage ELSE d.stage END,
            stage_entered_at = CASE WHEN EXCLUDED.stage_key > coalesce(d.stage_key, '') THEN EXCLUDED.stage_entered_at
                                    ELSE d.stage_entered_at END,
            stage_key = greatest(d.stage_key, EXCLUDED.stage_key),
            amount_minor = CASE WHEN EXCLUDED.amount_key > coalesce(d.amount_key, '') THEN EXCLUDED.amount_minor
                                ELSE d.amount_minor END,
            amount_key = greatest(d.amount_key, EXCLUDED.amount_key),
            outcome = CASE WHEN EXCLUDED.outcome_key > coalesce(d.outcome_key, '') THEN EXCLUDED.outcome
                           ELSE d.outcome END,
            closed_at = CASE WHEN EXCLUDED.outcome_key > coalesce(d.outcome_key, '') THEN EXCLUDED.closed_at
                             ELSE d.closed_at END,
            outcome_key = greatest(d.outcome_key, EXCLUDED.outcome_key),
            updated_at = now()
        RETURNING 1)
    SELECT
$$;
