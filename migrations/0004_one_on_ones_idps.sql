-- One-on-ones between a head and a manager, and individual development plans (IDPs) for lagging managers.

CREATE TABLE one_on_ones (
    org_id        uuid NOT NULL REFERENCES orgs (org_id),
    id            uuid NOT NULL,
    manager_id    uuid NOT NULL,
    head_id       uuid NOT NULL,
    scheduled_at  timestamptz NOT NULL,
    kind          text NOT NULL DEFAULT 'regular' CHECK (kind IN ('regular', 'motivation', 'performance', 'onboarding')),
    agenda        text,
    status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
    held_at       timestamptz,
    notes         text,
    mood          integer CHECK (mood BETWEEN 1 AND 5),
    agreements    jsonb NOT NULL DEFAULT '[]',
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT one_on_ones_manager_fk FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id),
    CONSTRAINT one_on_ones_head_fk FOREIGN KEY (org_id, head_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE one_on_ones IS 'A one-on-one of a head (or owner) with a manager: scheduled, then held (notes, mood, agreements) or cancelled.';
COMMENT ON COLUMN one_on_ones.agreements IS 'Array of {text, due_at, task_id}; task_id is set when holding created a task for the agreement.';
-- Serves GET /v1/one-on-ones (newest scheduled first) and the one_on_one_overdue alert.
CREATE INDEX one_on_ones_list_idx ON one_on_ones (org_id, scheduled_at DESC, id DESC);
CREATE INDEX one_on_ones_manager_idx ON one_on_ones (org_id, manager_id, scheduled_at DESC);

CREATE TABLE development_plans (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    manager_id  uuid NOT NULL,
    author_id   uuid NOT NULL,
    reason      text NOT NULL,
    starts_on   date NOT NULL,
    ends_on     date NOT NULL,
    status      text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'completed', 'failed', 'cancelled')),
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT development_plans_manager_fk FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id),
    CONSTRAINT development_plans_author_fk FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id),
    CONSTRAINT development_plans_period CHECK (ends_on >= starts_on)
);
COMMENT ON TABLE development_plans IS 'Individual development plan of a manager: why, for which period, and its items.';
-- Serves GET /v1/development-plans (newest first) and the idp_needed alert (active plan of a manager).
CREATE INDEX development_plans_list_idx ON development_plans (org_id, created_at DESC, id DESC);
CREATE INDEX development_plans_manager_idx ON development_plans (org_id, manager_id, status);

CREATE TABLE idp_items (
    org_id        uuid NOT NULL,
    id            uuid NOT NULL,
    plan_id       uuid NOT NULL,
    competency    text NOT NULL,
    goal          text NOT NULL,
    metric        text CHECK (metric IN ('calls_total', 'calls_outbound', 'calls_inbound', 'calls_effective',
                                         'talk_time_s', 'chat_sessions', 'meetings', 'proposals_sent',
                                         'leads_received', 'leads_processed', 'deals_won', 'payments_count',
                                         'revenue_minor')),
    target_value  numeric,
    due_on        date NOT NULL,
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'missed')),
    position      integer NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT idp_items_plan_fk FOREIGN KEY (org_id, plan_id) REFERENCES development_plans (org_id, id),
    CONSTRAINT idp_items_metric_target CHECK (metric IS NULL OR target_value IS NOT NULL)
);
COMMENT ON TABLE idp_items IS 'One goal of a development plan. With a metric, its value comes from the KPI rollups and it is done when it reaches target_value.';
-- Serves development_plan_json(): a plan's items in order.
CREATE UNIQUE INDEX idp_items_plan_idx ON idp_items (org_id, plan_id, position);

CREATE TABLE idp_progress (
    org_id     uuid NOT NULL,
    id         uuid NOT NULL,
    item_id    uuid NOT NULL,
    at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    value      numeric,
    note       text,
    author_id  uuid NOT NULL,
    PRIMARY KEY (org_id, id),
    CONSTRAINT idp_progress_item_fk FOREIGN KEY (org_id, item_id) REFERENCES idp_items (org_id, id),
    CONSTRAINT idp_progress_author_fk FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE idp_progress IS 'Progress notes on an IDP item, by the manager or their head.';
CREATE INDEX idp_progress_item_idx ON idp_progress (org_id, item_id, at, id);

-- Who sees a one-on-one or a plan: the people in it, and whoever reaches the manager.
CREATE FUNCTION one_on_one_visible(o one_on_ones, p_viewer uuid, p_role text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT o.head_id = p_viewer OR in_reach(o.org_id, p_viewer, p_role, o.manager_id)
$$;

CREATE FUNCTION one_on_one_json(o one_on_ones) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', o.id, 'manager_id', o.manager_id, 'head_id', o.head_id, 'scheduled_at', o.scheduled_at,
        'kind', o.kind, 'agenda', o.agenda, 'status', o.status, 'held_at', o.held_at, 'notes', o.notes,
        'mood', o.mood, 'agreements', o.agreements, 'created_at', o.created_at, 'updated_at', o.updated_at)
$$;

CREATE FUNCTION development_plan_visible(d development_plans, p_viewer uuid, p_role text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT d.author_id = p_viewer OR in_reach(d.org_id, p_viewer, p_role, d.manager_id)
$$;

CREATE FUNCTION idp_item_json(i idp_items) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', i.id, 'competency', i.competency, 'goal', i.goal, 'metric', i.metric, 'target_value', i.target_value,
        'due_on', i.due_on, 'status', i.status,
        'progress', coalesce((SELECT json_agg(json_build_object('at', p.at, 'value', p.value, 'note', p.note,
                                                                'author_id', p.author_id) ORDER BY p.at, p.id)
                                FROM idp_progress p WHERE p.org_id = i.org_id AND p.item_id = i.id), '[]'))
$$;

CREATE FUNCTION development_plan_json(d development_plans) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', d.id, 'manager_id', d.manager_id, 'author_id', d.author_id, 'reason', d.reason,
        'starts_on', d.starts_on, 'ends_on', d.ends_on, 'status', d.status,
        'items', coalesce((SELECT json_agg(idp_item_json(i) ORDER BY i.position)
                             FROM idp_items i WHERE i.org_id = d.org_id AND i.plan_id = d.id), '[]'),
        'created_at', d.created_at, 'updated_at', d.updated_at)
$$;
