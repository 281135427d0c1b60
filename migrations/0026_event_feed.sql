-- SPEC §6.3: the events webhooks carry, also kept for clients that sync by polling (GET /v1/events), and the new
-- events task.assigned, task.done, report.reviewed, one_on_one.scheduled and lead.sla_breached.
--
-- A poller must never skip an event: a transaction that started earlier may commit after a later one, so ordering by
-- a sequence or a time alone would let a reader pass an event that is not visible yet. Each event keeps the id of the
-- transaction that wrote it, and the feed reads only events of transactions older than every transaction still
-- running (pg_snapshot_xmin), in (txid, seq) order: whatever it has passed is final.
CREATE TABLE events (
    org_id      uuid NOT NULL,
    txid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    id          uuid NOT NULL DEFAULT gen_random_uuid(),
    event       text NOT NULL,
    data        json NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, txid, seq)
);
COMMENT ON TABLE events IS 'Every event of an organisation, in commit-safe order (txid, seq); webhook deliveries carry the same id.';

-- Every event is kept once for the feed, then queued for each webhook subscribed to it; the payload's id is the
-- event's, the same in every delivery and in the feed.
CREATE OR REPLACE FUNCTION webhook_enqueue(p_org uuid, p_event text, p_data json) RETURNS void LANGUAGE sql AS $$
    WITH e AS (INSERT INTO events (org_id, event, data) VALUES (p_org, p_event, p_data) RETURNING id, created_at)
    INSERT INTO webhook_deliveries (org_id, id, webhook_id, event, payload)
    SELECT w.org_id, gen_random_uuid(), w.id, p_event,
           json_build_object('id', e.id, 'event', p_event, 'created_at', e.created_at, 'data', p_data)::text
      FROM webhooks w, e
     WHERE w.org_id = p_org AND p_event = ANY (w.events)
$$;

ALTER TABLE webhooks DROP CONSTRAINT webhooks_events_check,
    ADD CONSTRAINT webhooks_events_check CHECK (
        events <@ ARRAY['alert.opened', 'alert.resolved', 'report.submitted', 'task.overdue', 'task.assigned',
                        'task.done', 'report.reviewed', 'one_on_one.scheduled', 'lead.sla_breached']
        AND cardinality(events) > 0);

-- task.assigned: a new task, or a task given to someone else; task.done: a task its assignee completed.
CREATE FUNCTION tasks_enqueue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_enqueue(t.org_id, 'task.assigned', task_json(t)) FROM changed t;
    ELSE
        PERFORM webhook_enqueue(n.org_id, 'task.assigned', task_json(n))
           FROM changed n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
          WHERE o.assignee_id IS DISTINCT FROM n.assignee_id;
        PERFORM webhook_enqueue(n.org_id, 'task.done', task_json(n))
           FROM changed n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
          WHERE n.status = 'done' AND o.status IS DISTINCT FROM 'done';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER tasks_events_insert AFTER INSERT ON tasks
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tasks_enqueue_events();
CREATE TRIGGER tasks_events_update AFTER UPDATE ON tasks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tasks_enqueue_events();

-- report.reviewed: every review of an evening report (a second review is a second event).
CREATE FUNCTION reports_enqueue_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_enqueue(n.org_id, 'report.reviewed', daily_report_json(n))
       FROM changed n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
      WHERE n.reviewed_at IS NOT NULL AND n.reviewed_at IS DISTINCT FROM o.reviewed_at;
    RETURN NULL;
END $$;
CREATE TRIGGER daily_reports_events_review AFTER UPDATE ON daily_reports
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION reports_enqueue_reviews();

-- one_on_one.scheduled: every new one-on-one.
CREATE FUNCTION one_on_ones_enqueue_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_enqueue(x.org_id, 'one_on_one.scheduled', one_on_one_json(x)) FROM changed x;
    RETURN NULL;
END $$;
CREATE TRIGGER one_on_ones_events_insert AFTER INSERT ON one_on_ones
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION one_on_ones_enqueue_events();

-- lead.sla_breached: when a lead_sla alert opens, the lead as it stands.
CREATE OR REPLACE FUNCTION alerts_enqueue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_enqueue(a.org_id, 'alert.opened', alert_json(a)) FROM changed a;
        PERFORM webhook_enqueue(a.org_id, 'task.overdue', task_json(t))
           FROM changed a JOIN tasks t ON t.org_id = a.org_id AND t.id = a.subject_id
          WHERE a.kind = 'task_overdue';
        PERFORM webhook_enqueue(a.org_id, 'lead.sla_breached', lead_json(l))
           FROM changed a JOIN leads l ON l.org_id = a.org_id AND l.id = a.subject_id
          WHERE a.kind = 'lead_sla';
    ELSE
        PERFORM webhook_enqueue(n.org_id, 'alert.resolved', alert_json(n))
           FROM changed n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
          WHERE o.status = 'open' AND n.status = 'resolved';
    END IF;
    RETURN NULL;
END $$;
