-- Tasks: delegation with control dates, and the history of each task.

CREATE TABLE tasks (
    org_id        uuid NOT NULL REFERENCES orgs (org_id),
    id            uuid NOT NULL,
    title         text NOT NULL,
    description   text,
    assignee_id   uuid NOT NULL,
    author_id     uuid NOT NULL,
    priority      text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'critical')),
    due_at        timestamptz NOT NULL,
    control_at    timestamptz NOT NULL,
    client_ref    text,
    status        text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done', 'accepted', 'cancelled')),
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    accepted_at   timestamptz,
    PRIMARY KEY (org_id, id),
    CONSTRAINT tasks_assignee_fk FOREIGN KEY (org_id, assignee_id) REFERENCES users (org_id, id),
    CONSTRAINT tasks_author_fk FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id),
    CONSTRAINT tasks_control_after_due CHECK (control_at >= due_at)
);
COMMENT ON TABLE tasks IS 'Tasks delegated by a head (or owner) to a user, with a due date and a control date.';
COMMENT ON COLUMN tasks.control_at IS 'When the author or head checks the result; defaults to due_at.';
COMMENT ON COLUMN tasks.completed_at IS 'When the assignee last marked it done (cleared when it is returned for rework).';
-- Serves GET /v1/tasks (newest first) for owners and heads.
CREATE INDEX tasks_list_idx ON tasks (org_id, created_at DESC, id DESC);
-- Serves GET /v1/tasks?assignee_id=... (a manager's own list) and the reach check.
CREATE INDEX tasks_assignee_idx ON tasks (org_id, assignee_id, created_at DESC, id DESC);
-- Serves GET /v1/tasks?author_id=...
CREATE INDEX tasks_author_idx ON tasks (org_id, author_id, created_at DESC, id DESC);
-- Serves the overdue and unchecked-task alerts (open tasks by due date).
CREATE INDEX tasks_open_due_idx ON tasks (org_id, due_at) WHERE status IN ('new', 'in_progress');

CREATE TABLE task_events (
    org_id       uuid NOT NULL,
    id           uuid NOT NULL,
    task_id      uuid NOT NULL,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor_id     uuid NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('created', 'updated', 'transition')),
    from_status  text,
    to_status    text,
    transition   text,
    comment      text,
    changes      jsonb,
    PRIMARY KEY (org_id, id),
    CONSTRAINT task_events_task_fk FOREIGN KEY (org_id, task_id) REFERENCES tasks (org_id, id),
    CONSTRAINT task_events_actor_fk FOREIGN KEY (org_id, actor_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE task_events IS 'History of a task: creation, field changes (changes = {field: {from, to}}) and transitions, each with who and when.';
COMMENT ON COLUMN task_events.transition IS 'The requested transition (in_progress, done, accepted, cancelled, returned); returned leads to in_progress.';
-- Serves GET /v1/tasks/{id}/events.
CREATE INDEX task_events_task_idx ON task_events (org_id, task_id, at, id);

-- Whether the viewer sees the task: its author, or anyone who reaches its assignee.
CREATE FUNCTION task_visible(t tasks, p_viewer uuid, p_role text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT t.author_id = p_viewer OR in_reach(t.org_id, p_viewer, p_role, t.assignee_id)
$$;

CREATE FUNCTION task_json(t tasks) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', t.id, 'title', t.title, 'description', t.description, 'assignee_id', t.assignee_id,
        'author_id', t.author_id, 'priority', t.priority, 'due_at', t.due_at, 'control_at', t.control_at,
        'client_ref', t.client_ref, 'status', t.status,
        'overdue', t.due_at < now() AND t.status NOT IN ('done', 'accepted', 'cancelled'),
        'created_at', t.created_at, 'updated_at', t.updated_at, 'completed_at', t.completed_at,
        'accepted_at', t.accepted_at)
$$;

CREATE FUNCTION task_event_json(e task_events) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', e.id, 'at', e.at, 'actor_id', e.actor_id, 'kind', e.kind, 'from_status', e.from_status,
        'to_status', e.to_status, 'transition', e.transition, 'comment', e.comment, 'changes', e.changes)
$$;
