-- Webhooks: subscriptions of an organisation and the deliveries queued for them.

CREATE TABLE webhooks (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    url         text NOT NULL,
    events      text[] NOT NULL CHECK (events <@ ARRAY['alert.opened', 'alert.resolved', 'report.submitted', 'task.overdue']
                                       AND cardinality(events) > 0),
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
COMMENT ON TABLE webhooks IS 'Where an organisation wants events POSTed. The secret signs every delivery (HMAC-SHA256) and is shown only when the webhook is created.';
COMMENT ON COLUMN webhooks.secret IS 'Sealed with the server key SALESCTL_SECRET_KEY (AES-256-GCM, base64url of nonce || ciphertext || tag): a dump of the database does not reveal it.';

CREATE TABLE webhook_deliveries (
    org_id           uuid NOT NULL,
    id               uuid NOT NULL,
    webhook_id       uuid NOT NULL,
    event            text NOT NULL,
    payload          text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_status      integer,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    PRIMARY KEY (org_id, id),
    CONSTRAINT webhook_deliveries_webhook_fk FOREIGN KEY (org_id, webhook_id) REFERENCES webhooks (org_id, id)
        ON DELETE CASCADE
);
COMMENT ON TABLE webhook_deliveries IS 'One event for one webhook. payload is the exact body sent (and signed); retried with exponential back-off for up to 24 h.';
-- Serves the delivery worker: what is due now.
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- Serves GET /v1/webhooks/{id}/deliveries.
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (org_id, webhook_id, created_at DESC, id DESC);

-- Queues one event for every webhook of the organisation subscribed to it. data is the event's object.
CREATE FUNCTION webhook_enqueue(p_org uuid, p_event text, p_data json) RETURNS void LANGUAGE sql AS $$
    INSERT INTO webhook_deliveries (org_id, id, webhook_id, event, payload)
    SELECT w.org_id, d.id, w.id, p_event,
           json_build_object('id', d.id, 'event', p_event, 'created_at', now(), 'data', p_data)::text
      FROM webhooks w, LATERAL (SELECT gen_random_uuid() AS id) d
     WHERE w.org_id = p_org AND p_event = ANY (w.events)
$$;

CREATE FUNCTION webhook_json(w webhooks) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', w.id, 'url', w.url, 'events', w.events, 'created_at', w.created_at)
$$;

CREATE FUNCTION webhook_delivery_json(d webhook_deliveries) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', d.id, 'event', d.event, 'status', d.status, 'attempts', d.attempts,
                             'next_attempt_at', CASE WHEN d.status = 'pending' THEN d.next_attempt_at END,
                             'last_status', d.last_status, 'last_error', d.last_error,
                             'created_at', d.created_at, 'delivered_at', d.delivered_at)
$$;

-- Events from alerts: every alert opened or resolved, and task.overdue when a task_overdue alert opens.
CREATE FUNCTION alerts_enqueue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_enqueue(a.org_id, 'alert.opened', alert_json(a)) FROM changed a;
        PERFORM webhook_enqueue(a.org_id, 'task.overdue', task_json(t))
           FROM changed a JOIN tasks t ON t.org_id = a.org_id AND t.id = a.subject_id
          WHERE a.kind = 'task_overdue';
    ELSE
        PERFORM webhook_enqueue(n.org_id, 'alert.resolved', alert_json(n))
           FROM changed n JOIN old_rows o ON o.org_id = n.org_id AND o.id = n.id
          WHERE o.status = 'open' AND n.status = 'resolved';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER alerts_webhooks_insert AFTER INSERT ON alerts
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION alerts_enqueue_webhooks();
CREATE TRIGGER alerts_webhooks_update AFTER UPDATE ON alerts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION alerts_enqueue_webhooks();

-- report.submitted: every new evening report.
CREATE FUNCTION reports_enqueue_webhooks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM webhook_enqueue(r.org_id, 'report.submitted', daily_report_json(r)) FROM changed r;
    RETURN NULL;
END $$;

CREATE TRIGGER daily_reports_webhooks AFTER INSERT ON daily_reports
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION reports_enqueue_webhooks();
