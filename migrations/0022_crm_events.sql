-- SPEC §6.3: the CRM's events, and the leads and deals derived from them.
--
-- Events may arrive late, out of order and more than once. A lead's or a deal's state is a function of the set of
-- its events, and every part of it is either the least of some instants or the field of the latest event of some
-- kinds, by (occurred_at, external_id). So each part is kept with the key of the event it came from, and a batch
-- merges its own events into the stored state (least of the instants, greatest of the keys) in the same statement
-- that stores them: the work is proportional to the batch, never to a lead's history, and the merge is the same
-- whatever order the events came in. Concurrent batches touching one lead merge under ON CONFLICT's row lock.

CREATE TABLE crm_events (
    org_id        uuid NOT NULL,
    id            uuid NOT NULL,
    external_id   text NOT NULL,
    type          text NOT NULL CHECK (type IN ('lead.created', 'lead.assigned', 'lead.first_contact', 'lead.closed',
                                                'deal.created', 'deal.stage_changed', 'deal.won', 'deal.lost',
                                                'payment.received', 'meeting.held', 'proposal.sent')),
    occurred_at   timestamptz NOT NULL,
    manager_id    uuid NOT NULL,
    lead_id       text,
    deal_id       text,
    stage         text,
    amount_minor  bigint CHECK (amount_minor >= 0),
    reason        text,
    source        text,
    local_date    date NOT NULL,
    received_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT crm_events_external_key UNIQUE (org_id, external_id)
);
COMMENT ON TABLE crm_events IS 'Events as the CRM sent them, once each by external_id. Immutable.';
COMMENT ON COLUMN crm_events.local_date IS 'The date of occurred_at in the manager''s time zone when the event was stored: the day it counts for.';
-- Serves the per-manager, per-day counts (reconciliation, KPIs from the CRM).
CREATE INDEX crm_events_manager_day_idx ON crm_events (org_id, manager_id, local_date);

-- The sort key of an event: an instant then its external_id, compared as text (fixed-width UTC time first).
CREATE FUNCTION crm_event_key(occurred_at timestamptz, external_id text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || '|' || external_id
$$;

CREATE TABLE leads (
    org_id            uuid NOT NULL,
    lead_id           text NOT NULL,
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    manager_id        uuid NOT NULL,
    manager_key       text NOT NULL,
    created_at        timestamptz NOT NULL,
    created_key       text NOT NULL,
    first_contact_at  timestamptz,
    closed_at         timestamptz,
    status            text NOT NULL GENERATED ALWAYS AS (CASE WHEN closed_at IS NOT NULL THEN 'closed'
                                                              WHEN first_contact_at IS NOT NULL THEN 'contacted'
                                                              ELSE 'new' END) STORED,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, lead_id),
    CONSTRAINT leads_id_key UNIQUE (org_id, id)
);
COMMENT ON TABLE leads IS 'Derived from crm_events: never written by the API otherwise.';
COMMENT ON COLUMN leads.created_key IS 'The key of the event created_at came from: the earliest lead.created (prefix 0), else the earliest event (prefix 1), so that a lead seen before its creation still has a time.';
COMMENT ON COLUMN leads.manager_key IS 'The key of the event the manager came from: the latest lead.created or lead.assigned (prefix 1), else the latest event (prefix 0).';
COMMENT ON COLUMN leads.id IS 'A stable id of our own, for list cursors; lead_id is the CRM''s.';
-- Serves GET /v1/leads (newest first) and a manager's leads.
CREATE INDEX leads_list_idx ON leads (org_id, created_at DESC, id DESC);
CREATE INDEX leads_manager_idx ON leads (org_id, manager_id, created_at DESC, id DESC);

CREATE TABLE deals (
    org_id            uuid NOT NULL,
    deal_id           text NOT NULL,
    id                uuid NOT NULL DEFAULT gen_random_uuid(),
    lead_id           text,
    manager_id        uuid NOT NULL,
    manager_key       text NOT NULL,
    created_at        timestamptz NOT NULL,
    created_key       text NOT NULL,
    stage             text,
    stage_entered_at  timestamptz,
    stage_key         text,
    amount_minor      bigint,
    amount_key        text,
    outcome           text CHECK (outcome IN ('won', 'lost')),
    closed_at         timestamptz,
    outcome_key       text,
    status            text NOT NULL GENERATED ALWAYS AS (coalesce(outcome, 'open')) STORED,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, deal_id),
    CONSTRAINT deals_id_key UNIQUE (org_id, id)
);
COMMENT ON TABLE deals IS 'Derived from crm_events: never written by the API otherwise.';
COMMENT ON COLUMN deals.created_key IS 'As leads.created_key, with deal.created.';
COMMENT ON COLUMN deals.lead_id IS 'The least lead_id its events name: a deal has one lead; the least makes a CRM''s anomaly order-independent.';
COMMENT ON COLUMN deals.stage_key IS 'The key of the latest deal.created or deal.stage_changed that named a stage.';
COMMENT ON COLUMN deals.outcome_key IS 'The key of the latest deal.won or deal.lost.';
COMMENT ON COLUMN deals.amount_key IS 'The key of the latest deal event that named an amount.';
CREATE INDEX deals_list_idx ON deals (org_id, created_at DESC, id DESC);
CREATE INDEX deals_manager_idx ON deals (org_id, manager_id, created_at DESC, id DESC);

CREATE FUNCTION lead_json(l leads) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('lead_id', l.lead_id, 'manager_id', l.manager_id, 'created_at', l.created_at,
                             'first_contact_at', l.first_contact_at, 'closed_at', l.closed_at, 'status', l.status,
                             'updated_at', l.updated_at)
$$;

CREATE FUNCTION deal_json(d deals) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('deal_id', d.deal_id, 'lead_id', d.lead_id, 'manager_id', d.manager_id,
                             'created_at', d.created_at, 'stage', d.stage, 'stage_entered_at', d.stage_entered_at,
                             'amount_minor', d.amount_minor, 'status', d.status, 'closed_at', d.closed_at,
                             'updated_at', d.updated_at)
$$;
