-- Benchmark data, straight into the schema (not through the API): one organisation, :managers managers in
-- :managers / 10 teams, :days days of history up to yesterday, :calls call logs, an evening report per manager and
-- day, :tasks tasks, this month's plans, a CRM feed of two leads a manager a day, and a bearer token for every user. Ids follow fixed patterns so that the
-- wrk scripts can pick random ones:
--   managers b2000000-0000-4000-8000-<n as 12 hex digits>, heads b3..., teams b4..., tasks b1...
\set org '\'b0000000-0000-4000-8000-000000000001\''
BEGIN;
SET LOCAL synchronous_commit = off;

INSERT INTO orgs (org_id, name) VALUES (:org, 'Bench') ON CONFLICT DO NOTHING;
INSERT INTO users (org_id, id, name, email, role, timezone, hired_on)
VALUES (:org, 'b0000000-0000-4000-8000-000000000101', 'Owner', 'owner@bench.test', 'owner', 'Europe/Moscow', '2020-01-01');

INSERT INTO users (org_id, id, name, email, role, timezone, hired_on)
SELECT :org, ('b3000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, 'Head ' || t, 'head' || t || '@bench.test',
       'head', 'Europe/Moscow', '2020-01-01'
  FROM generate_series(1, :managers / 10) AS t;
INSERT INTO teams (org_id, id, name, head_id)
SELECT :org, ('b4000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid, 'Team ' || t,
       ('b3000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid
  FROM generate_series(1, :managers / 10) AS t;
INSERT INTO users (org_id, id, name, email, role, team_id, sales_role, timezone, hired_on)
SELECT :org, ('b2000000-0000-4000-8000-' || lpad(to_hex(m), 12, '0'))::uuid, 'Manager ' || m, 'm' || m || '@bench.test',
       'manager', ('b4000000-0000-4000-8000-' || lpad(to_hex((m - 1) / 10 + 1), 12, '0'))::uuid,
       (ARRAY['scout', 'hunter', 'farmer'])[1 + m % 3], 'Europe/Moscow', '2020-01-01'
  FROM generate_series(1, :managers) AS m;

-- Tokens: sct_ + base64url(org id || sha256 of a per-user string), stored hashed as the service stores them.
CREATE TEMPORARY TABLE bench_tokens AS
SELECT u.id AS user_id, u.role,
       'sct_' || translate(encode(decode(replace(u.org_id::text, '-', ''), 'hex') || sha256(('bench-token-' || u.id)::bytea),
                                  'base64'), '+/', '-_') AS token
  FROM users u WHERE u.org_id = :org;
INSERT INTO api_tokens (org_id, id, user_id, token_hash)
SELECT :org, gen_random_uuid(), user_id, encode(sha256(token::bytea), 'hex') FROM bench_tokens;

-- :calls calls spread over :managers managers and :days days (working hours, Moscow).
INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, outcome, local_date)
SELECT :org, gen_random_uuid(), ('b2000000-0000-4000-8000-' || lpad(to_hex(1 + n % :managers), 12, '0'))::uuid,
       CASE WHEN n % 5 = 0 THEN 'inbound' ELSE 'outbound' END,
       (d + time '09:00' + (n % 32400) * interval '1 second') AT TIME ZONE 'Europe/Moscow',
       (n * 37) % 400, (ARRAY['no_answer', 'busy', 'talked', 'meeting_set', 'proposal', 'deal', 'callback'])[1 + n % 7],
       d
  FROM generate_series(0, :calls - 1) AS n,
       LATERAL (SELECT (now() AT TIME ZONE 'Europe/Moscow')::date - 1 - ((n / :managers) % :days) AS d) x;

INSERT INTO daily_reports (org_id, id, manager_id, date, calls_outbound, calls_inbound, chat_sessions, meetings,
                           proposals_sent, leads_received, leads_processed, deals_won, payments_count, revenue_minor,
                           submitted_at, late)
SELECT :org, gen_random_uuid(), ('b2000000-0000-4000-8000-' || lpad(to_hex(m), 12, '0'))::uuid, d::date,
       40, 10, 5, 2, 2, 6, 5 + (m % 2), (m + extract(day FROM d)::int) % 3, (m + extract(day FROM d)::int) % 3,
       ((m + extract(day FROM d)::int) % 3) * 1500000, d + interval '17 hours', false
  FROM generate_series(1, :managers) AS m,
       generate_series((now() AT TIME ZONE 'Europe/Moscow')::date - :days, (now() AT TIME ZONE 'Europe/Moscow')::date - 1,
                       interval '1 day') AS d;

INSERT INTO tasks (org_id, id, title, assignee_id, author_id, priority, due_at, control_at, status, created_at)
SELECT :org, ('b1000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 'Task ' || n,
       ('b2000000-0000-4000-8000-' || lpad(to_hex(1 + n % :managers), 12, '0'))::uuid,
       ('b3000000-0000-4000-8000-' || lpad(to_hex(1 + (n % :managers) / 10), 12, '0'))::uuid,
       (ARRAY['low', 'normal', 'high', 'critical'])[1 + n % 4], now() + ((n % 60) - 30) * interval '1 day',
       now() + ((n % 60) - 29) * interval '1 day',
       -- Past due dates are mostly closed; one in fifty is still open (overdue), as in a working team.
       CASE WHEN n % 60 < 30 AND n % 50 <> 0 THEN (ARRAY['accepted', 'accepted', 'accepted', 'cancelled'])[1 + n % 4]
            ELSE (ARRAY['new', 'in_progress', 'done', 'accepted', 'cancelled'])[1 + n % 5] END,
       now() - (n % 90) * interval '1 day' - (n % 86400) * interval '1 second'
  FROM generate_series(1, :tasks) AS n;

INSERT INTO plans (org_id, period, subject_type, subject_id, targets)
SELECT :org, date_trunc('month', now() AT TIME ZONE 'Europe/Moscow')::date, 'manager',
       ('b2000000-0000-4000-8000-' || lpad(to_hex(m), 12, '0'))::uuid,
       jsonb_build_object('calls_effective', 600 + m % 300, 'revenue_minor', 30000000 + (m % 7) * 5000000,
                          'deals_won', 20 + m % 10)
  FROM generate_series(1, :managers) AS m;
INSERT INTO plans (org_id, period, subject_type, subject_id, targets)
SELECT :org, date_trunc('month', now() AT TIME ZONE 'Europe/Moscow')::date, 'team',
       ('b4000000-0000-4000-8000-' || lpad(to_hex(t), 12, '0'))::uuid,
       jsonb_build_object('calls_effective', 7500, 'revenue_minor', 450000000, 'deals_won', 245)
  FROM generate_series(1, :managers / 10) AS t;

-- A compensation scheme per place on the conveyor, for W10 (GET /v1/payouts).
INSERT INTO compensation_schemes (org_id, id, name, applies_sales_role, base_minor, commission_metric, commission_rate,
                                  accelerators, plan_bonus_minor, discipline_bonus_minor)
SELECT :org, ('b5000000-0000-4000-8000-' || lpad(to_hex(k), 12, '0'))::uuid, r, r, 3000000, 'revenue_minor', 0.03,
       '[{"from_attainment": 1.0, "rate": 0.05}, {"from_attainment": 1.2, "rate": 0.08}]', 1000000, 500000
  FROM unnest(ARRAY['scout', 'hunter', 'farmer']) WITH ORDINALITY AS x(r, k);

-- The CRM feed's history (SPEC §6.3): two leads a manager a day, contacted within minutes but one in twenty left
-- waiting for good; every fourth lead becomes a deal that reaches a proposal and is won (lost one time in three) five
-- days later, but one deal in ten stays open at its proposal. Leads and deals are derived by crm_merge, as a batch
-- derives them. What waits and stays open grows with the history: the scheduler's CRM rules must not.
CREATE TEMPORARY TABLE bench_leads AS
SELECT ('b2000000-0000-4000-8000-' || lpad(to_hex(m), 12, '0'))::uuid AS manager_id, 'SL-' || m || '-' || d || '-' || k AS lead_id,
       ((d + time '10:00' + k * interval '3 hours') AT TIME ZONE 'Europe/Moscow') AS created_at, m + k + (d - date '2000-01-01') AS h
  FROM generate_series(1, :managers) AS m, generate_series(0, 1) AS k,
       LATERAL (SELECT (now() AT TIME ZONE 'Europe/Moscow')::date - i AS d FROM generate_series(1, :days) AS i) x;
INSERT INTO crm_events (org_id, id, external_id, type, occurred_at, manager_id, lead_id, deal_id, stage, amount_minor,
                        source, local_date)
SELECT :org, gen_random_uuid(), 'seed-' || e.type || '-' || l.lead_id, e.type, l.created_at + e.after, l.manager_id,
       l.lead_id, CASE WHEN e.type LIKE 'deal.%' THEN 'SD-' || l.lead_id END, e.stage, e.amount, 'seed',
       ((l.created_at + e.after) AT TIME ZONE 'Europe/Moscow')::date
  FROM bench_leads l
 CROSS JOIN LATERAL (VALUES ('lead.created', interval '0', NULL, NULL::bigint, true),
                            ('lead.first_contact', interval '7 minutes', NULL, NULL, l.h % 20 <> 0),
                            ('deal.created', interval '1 day', 'qualification', 1500000, l.h % 4 = 0),
                            ('deal.stage_changed', interval '2 days', 'proposal', NULL, l.h % 4 = 0),
                            (CASE WHEN l.h % 12 = 0 THEN 'deal.lost' ELSE 'deal.won' END, interval '5 days', NULL,
                             1500000, l.h % 4 = 0 AND l.h % 40 <> 0)) AS e (type, after, stage, amount, present)
 WHERE e.present AND l.created_at + e.after < now();
SELECT count(*) FROM (SELECT crm_merge(:org, array_agg(e)) FROM crm_events e WHERE e.org_id = :org) m;

\copy (SELECT role, user_id, token FROM bench_tokens ORDER BY role, user_id) TO 'var/bench/tokens.txt'
COMMIT;
ANALYZE;
