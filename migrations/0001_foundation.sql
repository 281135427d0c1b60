-- Foundation: organisations (tenants), users, teams, API tokens, idempotency keys, instance secrets.
--
-- Every tenant table leads with org_id, and every primary key, unique constraint and foreign key between tenant
-- tables includes it, so that the schema can be distributed by organisation (see docs/SCALING.md).
-- Representations sent to clients are rendered by the *_json functions below: one place per resource says what
-- a client sees, and list, get, insert and update all use it.

CREATE TABLE orgs (
    org_id                   uuid PRIMARY KEY,
    name                     text NOT NULL,
    timezone                 text NOT NULL DEFAULT 'Europe/Moscow',
    currency                 text NOT NULL DEFAULT 'RUB' CHECK (currency ~ '^[A-Z]{3}$'),
    report_deadline          time NOT NULL DEFAULT '20:00',
    effective_call_seconds   integer NOT NULL DEFAULT 30 CHECK (effective_call_seconds BETWEEN 0 AND 86400),
    lag_threshold            double precision NOT NULL DEFAULT 0.9 CHECK (lag_threshold > 0 AND lag_threshold <= 1),
    critical_threshold       double precision NOT NULL DEFAULT 0.7 CHECK (critical_threshold > 0 AND critical_threshold <= 1),
    min_elapsed_workdays     integer NOT NULL DEFAULT 3 CHECK (min_elapsed_workdays BETWEEN 0 AND 31),
    one_on_one_interval_days integer NOT NULL DEFAULT 14 CHECK (one_on_one_interval_days BETWEEN 1 AND 366),
    reconcile_tolerance      double precision NOT NULL DEFAULT 0.1 CHECK (reconcile_tolerance >= 0 AND reconcile_tolerance <= 1),
    version                  integer NOT NULL DEFAULT 1,
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orgs_thresholds_order CHECK (critical_threshold <= lag_threshold)
);
COMMENT ON TABLE orgs IS 'Tenants. org_id is the distribution key of every other tenant table.';
COMMENT ON COLUMN orgs.report_deadline IS 'Local time (in each manager''s time zone) after which an evening report is late.';
COMMENT ON COLUMN orgs.version IS 'Incremented by every update; the ETag of GET /v1/org.';

CREATE TABLE users (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    name        text NOT NULL,
    email       text NOT NULL,
    role        text NOT NULL CHECK (role IN ('owner', 'head', 'manager')),
    team_id     uuid,
    sales_role  text CHECK (sales_role IN ('scout', 'hunter', 'farmer')),
    timezone    text NOT NULL,
    status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dismissed')),
    hired_on    date NOT NULL,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id)
);
COMMENT ON TABLE users IS 'Everyone who signs in: owners, heads of sales and managers (sales reps).';
COMMENT ON COLUMN users.sales_role IS 'Place on the sales conveyor: scout (finds contacts), hunter (first sale), farmer (grows clients).';
-- Email is unique per organisation regardless of case; serves the uniqueness check on POST/PATCH /v1/users.
CREATE UNIQUE INDEX users_email_key ON users (org_id, lower(email));
-- Serves GET /v1/users (newest first, cursor on created_at, id).
CREATE INDEX users_list_idx ON users (org_id, created_at DESC, id DESC);
-- Serves in_reach() and team member lists.
CREATE INDEX users_team_idx ON users (org_id, team_id);

CREATE TABLE teams (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    name        text NOT NULL,
    head_id     uuid,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT teams_head_fk FOREIGN KEY (org_id, head_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE teams IS 'Sales teams; head_id is the head of sales who runs the team.';
-- Serves GET /v1/teams (newest first).
CREATE INDEX teams_list_idx ON teams (org_id, created_at DESC, id DESC);
-- Serves in_reach(): the teams a head runs.
CREATE INDEX teams_head_idx ON teams (org_id, head_id);

ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id);

CREATE TABLE api_tokens (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    user_id     uuid NOT NULL,
    token_hash  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    PRIMARY KEY (org_id, id),
    CONSTRAINT api_tokens_user_fk FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE api_tokens IS 'Bearer tokens. Only the SHA-256 of a token is stored; the token itself is shown once.';
COMMENT ON COLUMN api_tokens.token_hash IS 'Lower-case hex SHA-256 of the whole token string. The token carries its org_id, so the lookup stays inside one organisation.';
-- Serves the token check of every authenticated request.
CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (org_id, token_hash);
-- Serves GET /v1/users/{id}/tokens.
CREATE INDEX api_tokens_user_idx ON api_tokens (org_id, user_id, created_at DESC);

CREATE TABLE idempotency_keys (
    org_id        uuid NOT NULL,
    user_id       uuid NOT NULL,
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status        integer NOT NULL,
    body          text NOT NULL,
    etag          text,
    location      text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id, key)
);
COMMENT ON TABLE idempotency_keys IS 'First responses of POSTs sent with an Idempotency-Key, written in the same transaction as the POST''s effect. Keys older than 24 h are ignored and overwritten. Platform-admin requests use the nil UUID for org_id and user_id.';
COMMENT ON COLUMN idempotency_keys.request_hash IS 'SHA-256 of method, path and body: the same key with another request is refused.';

CREATE TABLE instance_secrets (
    name   text PRIMARY KEY,
    value  text NOT NULL
);
COMMENT ON TABLE instance_secrets IS 'Secrets shared by every salesctld on this database (not tenant data), e.g. the key that signs list cursors.';

-- What a head, a manager or an owner can reach: an owner everyone in the organisation, a head the members of
-- the teams they head and themselves, a manager themselves.
CREATE FUNCTION in_reach(p_org uuid, p_viewer uuid, p_role text, p_user uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT p_role = 'owner'
        OR p_user = p_viewer
        OR (p_role = 'head' AND EXISTS (
                SELECT 1 FROM users m JOIN teams t ON t.org_id = m.org_id AND t.id = m.team_id
                 WHERE m.org_id = p_org AND m.id = p_user AND t.head_id = p_viewer))
$$;

CREATE FUNCTION org_json(o orgs) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', o.org_id, 'name', o.name, 'timezone', o.timezone, 'currency', o.currency,
        'report_deadline', to_char(o.report_deadline, 'HH24:MI'),
        'effective_call_seconds', o.effective_call_seconds, 'lag_threshold', o.lag_threshold,
        'critical_threshold', o.critical_threshold, 'min_elapsed_workdays', o.min_elapsed_workdays,
        'one_on_one_interval_days', o.one_on_one_interval_days, 'reconcile_tolerance', o.reconcile_tolerance,
        'created_at', o.created_at, 'updated_at', o.updated_at)
$$;

CREATE FUNCTION user_json(u users) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', u.id, 'name', u.name, 'email', u.email, 'role', u.role, 'team_id', u.team_id,
        'sales_role', u.sales_role, 'timezone', u.timezone, 'status', u.status, 'hired_on', u.hired_on,
        'created_at', u.created_at, 'updated_at', u.updated_at)
$$;

CREATE FUNCTION team_json(t teams) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', t.id, 'name', t.name, 'head_id', t.head_id,
                             'created_at', t.created_at, 'updated_at', t.updated_at)
$$;

CREATE FUNCTION token_json(t api_tokens) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', t.id, 'user_id', t.user_id, 'created_at', t.created_at)
$$;
