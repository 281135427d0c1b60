-- The demo organisation of `make run`: an owner, a head of sales and one team of five managers.
-- Fixed ids and ON CONFLICT DO NOTHING make loading it again a no-op.
INSERT INTO orgs (org_id, name, timezone, currency)
VALUES ('5a1e5c71-0000-4000-8000-000000000001', 'Demo Sales', 'Europe/Moscow', 'RUB')
ON CONFLICT DO NOTHING;

INSERT INTO users (org_id, id, name, email, role, timezone, hired_on) VALUES
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000101', 'Ольга Владимировна', 'owner@demo.salesctl.dev', 'owner', 'Europe/Moscow', '2023-01-09'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000102', 'Игорь Петров', 'head@demo.salesctl.dev', 'head', 'Europe/Moscow', '2023-02-01')
ON CONFLICT DO NOTHING;

INSERT INTO teams (org_id, id, name, head_id)
VALUES ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000011', 'Отдел продаж — Москва', '5a1e5c71-0000-4000-8000-000000000102')
ON CONFLICT DO NOTHING;

INSERT INTO users (org_id, id, name, email, role, team_id, sales_role, timezone, hired_on) VALUES
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000201', 'Анна Смирнова', 'anna@demo.salesctl.dev', 'manager', '5a1e5c71-0000-4000-8000-000000000011', 'hunter', 'Europe/Moscow', '2024-03-11'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000202', 'Дмитрий Кузнецов', 'dmitry@demo.salesctl.dev', 'manager', '5a1e5c71-0000-4000-8000-000000000011', 'hunter', 'Europe/Moscow', '2024-06-03'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000203', 'Елена Попова', 'elena@demo.salesctl.dev', 'manager', '5a1e5c71-0000-4000-8000-000000000011', 'farmer', 'Asia/Yekaterinburg', '2023-09-18'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000204', 'Сергей Волков', 'sergey@demo.salesctl.dev', 'manager', '5a1e5c71-0000-4000-8000-000000000011', 'scout', 'Europe/Moscow', '2025-01-20'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000205', 'Мария Новикова', 'maria@demo.salesctl.dev', 'manager', '5a1e5c71-0000-4000-8000-000000000011', 'scout', 'Europe/Moscow', '2026-10-05')
ON CONFLICT DO NOTHING;

-- A realistic last month and current month, relative to today: every id is derived from what it describes (md5), so
-- loading again adds nothing, and a later month adds that month. Last month is there so that comparisons
-- (GET /v1/kpi/compare?period=<this>&vs=<last>) show growth from the first day; its managers called a little less.
CREATE TEMPORARY TABLE demo_days ON COMMIT DROP AS
SELECT d::date AS day, d < date_trunc('month', now() AT TIME ZONE 'Europe/Moscow') AS last_month
  FROM generate_series(date_trunc('month', now() AT TIME ZONE 'Europe/Moscow')::date - interval '1 month',
                       (now() AT TIME ZONE 'Europe/Moscow')::date - 1, interval '1 day') AS d
 WHERE extract(isodow FROM d) < 6;

-- Per manager: calls a day, how many are short, a deal every how many days and its size, and how they report.
CREATE TEMPORARY TABLE demo_people ON COMMIT DROP AS
SELECT * FROM (VALUES
  ('5a1e5c71-0000-4000-8000-000000000201'::uuid, 'Europe/Moscow',      28, 4, 2, 1800000, false),
  ('5a1e5c71-0000-4000-8000-000000000202'::uuid, 'Europe/Moscow',      18, 5, 3, 1200000, false),
  ('5a1e5c71-0000-4000-8000-000000000203'::uuid, 'Asia/Yekaterinburg', 22, 3, 2, 1500000, false),
  ('5a1e5c71-0000-4000-8000-000000000204'::uuid, 'Europe/Moscow',       9, 4, 8,  300000, false),
  ('5a1e5c71-0000-4000-8000-000000000205'::uuid, 'Europe/Moscow',      14, 6, 4,  700000, true)
) AS p (manager_id, tz, calls, short_calls, deal_every, deal_minor, reports_late);

INSERT INTO call_logs (org_id, id, manager_id, direction, started_at, duration_s, phone, client_ref, outcome,
                       external_id, local_date)
SELECT '5a1e5c71-0000-4000-8000-000000000001', md5('demo-call-' || p.manager_id || d.day || n)::uuid, p.manager_id,
       CASE WHEN n % 5 = 0 THEN 'inbound' ELSE 'outbound' END,
       ((d.day + time '09:00' + n * interval '17 minutes') AT TIME ZONE p.tz),
       CASE WHEN n <= p.short_calls THEN 5 + n * 3 ELSE 45 + (n * 37) % 600 END,
       '+7916' || lpad((1000000 + n * 7919 % 9000000)::text, 7, '0'), 'CRM-' || (1000 + n),
       (ARRAY['no_answer', 'busy', 'talked', 'talked', 'meeting_set', 'proposal', 'callback', 'deal'])[1 + n % 8],
       'demo-' || md5(p.manager_id::text || d.day || n), d.day
  FROM demo_people p CROSS JOIN demo_days d
 CROSS JOIN generate_series(1, p.calls - CASE WHEN d.last_month THEN 3 ELSE 0 END) AS n
 -- Сергей has been calling less and less: the last days have half his usual calls.
 WHERE NOT (p.manager_id = '5a1e5c71-0000-4000-8000-000000000204' AND d.day > (SELECT max(day) - 3 FROM demo_days)
            AND n > p.calls / 2)
ON CONFLICT DO NOTHING;

INSERT INTO daily_reports (org_id, id, manager_id, date, calls_outbound, calls_inbound, chat_sessions, meetings,
                           proposals_sent, leads_received, leads_processed, deals_won, payments_count, revenue_minor,
                           done_today, plan_tomorrow, help_needed, submitted_at, late)
SELECT '5a1e5c71-0000-4000-8000-000000000001', md5('demo-report-' || p.manager_id || d.day)::uuid, p.manager_id, d.day,
       -- Дмитрий's report for the last day claims 40 calls: the telephony logged 18.
       CASE WHEN p.manager_id = '5a1e5c71-0000-4000-8000-000000000202' AND d.day = (SELECT max(day) FROM demo_days)
            THEN 40 ELSE c.outbound END,
       c.inbound, 3 + extract(day FROM d.day)::int % 4, 1 + extract(day FROM d.day)::int % 2,
       1 + extract(day FROM d.day)::int % 3,
       4 + extract(day FROM d.day)::int % 3,
       -- Елена left two leads unprocessed on the last day.
       4 + extract(day FROM d.day)::int % 3
         - CASE WHEN p.manager_id = '5a1e5c71-0000-4000-8000-000000000203' AND d.day = (SELECT max(day) FROM demo_days)
                THEN 2 ELSE 0 END,
       w.deals, w.deals, w.deals * p.deal_minor,
       'Обзвон базы, ' || c.outbound || ' исходящих', 'Продолжить обзвон, отправить КП', NULL,
       sub.at, sub.at > ((d.day + time '20:00') AT TIME ZONE p.tz)
  FROM demo_people p CROSS JOIN demo_days d
  CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE direction = 'outbound')::int AS outbound,
                             count(*) FILTER (WHERE direction = 'inbound')::int AS inbound
                        FROM call_logs cl
                       WHERE cl.org_id = '5a1e5c71-0000-4000-8000-000000000001' AND cl.manager_id = p.manager_id
                         AND cl.local_date = d.day) c
  CROSS JOIN LATERAL (SELECT (extract(day FROM d.day)::int % p.deal_every = 0)::int AS deals) w
  CROSS JOIN LATERAL (SELECT ((d.day + CASE WHEN p.reports_late THEN time '21:35' ELSE time '19:10' END)
                              AT TIME ZONE p.tz) AS at) sub
 -- Сергей has not reported for the last two days.
 WHERE NOT (p.manager_id = '5a1e5c71-0000-4000-8000-000000000204' AND d.day > (SELECT max(day) - 2 FROM demo_days))
ON CONFLICT DO NOTHING;

INSERT INTO tasks (org_id, id, title, description, assignee_id, author_id, priority, due_at, control_at, client_ref,
                   status, completed_at, accepted_at, created_at, updated_at)
SELECT '5a1e5c71-0000-4000-8000-000000000001', md5('demo-task-' || t.n || date_trunc('month', now()))::uuid, t.title,
       t.descr, t.assignee::uuid, '5a1e5c71-0000-4000-8000-000000000102', t.priority,
       now() + t.due * interval '1 day', now() + t.due * interval '1 day' + interval '1 day', t.client, t.status,
       CASE WHEN t.status IN ('done', 'accepted') THEN now() - interval '1 day' END,
       CASE WHEN t.status = 'accepted' THEN now() - interval '2 hours' END,
       now() - interval '5 days', now() - interval '1 day'
  FROM (VALUES
    (1, 'Позвонить «Ромашке» по счёту 118', 'Уточнить дату оплаты', '5a1e5c71-0000-4000-8000-000000000201', 'high', 2, 'CRM-1001', 'new'),
    (2, 'Отправить КП ООО «Вектор»', NULL, '5a1e5c71-0000-4000-8000-000000000202', 'normal', -2, 'CRM-1002', 'in_progress'),
    (3, 'Обзвонить холодную базу — 50 контактов', NULL, '5a1e5c71-0000-4000-8000-000000000204', 'critical', -3, NULL, 'new'),
    (4, 'Допродать «Альфе» второй модуль', NULL, '5a1e5c71-0000-4000-8000-000000000203', 'high', -1, 'CRM-1004', 'done'),
    (5, 'Встреча с «Гаммой»: протокол в CRM', NULL, '5a1e5c71-0000-4000-8000-000000000201', 'normal', -4, 'CRM-1005', 'accepted'),
    (6, 'Подготовить презентацию для «Дельты»', NULL, '5a1e5c71-0000-4000-8000-000000000205', 'low', 3, 'CRM-1006', 'cancelled'),
    (7, 'Заполнить карточки новых лидов', NULL, '5a1e5c71-0000-4000-8000-000000000205', 'normal', 1, NULL, 'in_progress')
  ) AS t (n, title, descr, assignee, priority, due, client, status)
ON CONFLICT DO NOTHING;

INSERT INTO task_events (org_id, id, task_id, at, actor_id, kind, to_status)
SELECT t.org_id, md5('demo-task-event-' || t.id)::uuid, t.id, t.created_at, t.author_id, 'created', 'new'
  FROM tasks t WHERE t.org_id = '5a1e5c71-0000-4000-8000-000000000001'
ON CONFLICT DO NOTHING;

INSERT INTO one_on_ones (org_id, id, manager_id, head_id, scheduled_at, kind, agenda, status, held_at, notes, mood,
                         agreements)
VALUES
 ('5a1e5c71-0000-4000-8000-000000000001', md5('demo-1on1-held' || date_trunc('month', now()))::uuid,
  '5a1e5c71-0000-4000-8000-000000000204', '5a1e5c71-0000-4000-8000-000000000102',
  date_trunc('day', now()) - interval '6 days' + interval '8 hours', 'performance', 'Почему упало число звонков',
  'held', date_trunc('day', now()) - interval '6 days' + interval '9 hours',
  'Сергей выгорает на холодной базе; договорились о плане развития', 2,
  '[{"text": "Вернуться к 20 звонкам в день", "due_at": null, "task_id": null}]'),
 ('5a1e5c71-0000-4000-8000-000000000001', md5('demo-1on1-next' || date_trunc('month', now()))::uuid,
  '5a1e5c71-0000-4000-8000-000000000201', '5a1e5c71-0000-4000-8000-000000000102',
  date_trunc('day', now()) + interval '3 days' + interval '8 hours', 'regular', 'План на следующий месяц',
  'scheduled', NULL, NULL, NULL, '[]')
ON CONFLICT DO NOTHING;

INSERT INTO development_plans (org_id, id, manager_id, author_id, reason, starts_on, ends_on, status)
VALUES ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000301',
        '5a1e5c71-0000-4000-8000-000000000204', '5a1e5c71-0000-4000-8000-000000000102',
        'Выполнение плана по выручке ниже 70 %', date_trunc('month', now())::date,
        (date_trunc('month', now()) + interval '2 months' - interval '1 day')::date, 'active')
ON CONFLICT DO NOTHING;

INSERT INTO idp_items (org_id, id, plan_id, competency, goal, metric, target_value, due_on, position)
VALUES
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000311',
  '5a1e5c71-0000-4000-8000-000000000301', 'Холодные звонки', 'Пройти тренинг по скриптам', NULL, NULL,
  (date_trunc('month', now()) + interval '14 days')::date, 1),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000312',
  '5a1e5c71-0000-4000-8000-000000000301', 'Результативность', '20 результативных звонков в день', 'calls_effective',
  400, (date_trunc('month', now()) + interval '1 month' - interval '1 day')::date, 2)
ON CONFLICT DO NOTHING;

-- This month's and last month's plans: effective calls and revenue set against each manager's own pace, so that Анна is
-- on track, Дмитрий is at risk and Сергей is lagging; the team's plan is the sum. Last month's let the owner's page
-- show a finished month on the first days of a new one, before any workday of it has elapsed.
INSERT INTO plans (org_id, period, subject_type, subject_id, targets)
SELECT '5a1e5c71-0000-4000-8000-000000000001', w.month, 'manager', p.manager_id,
       jsonb_build_object('calls_effective', round((p.calls - p.short_calls) * w.days * f.factor),
                          'revenue_minor', round(p.deal_minor * w.days / p.deal_every * f.factor / 100000) * 100000)
  FROM demo_people p
  JOIN (VALUES ('5a1e5c71-0000-4000-8000-000000000201'::uuid, 0.85), ('5a1e5c71-0000-4000-8000-000000000202'::uuid, 1.05),
               ('5a1e5c71-0000-4000-8000-000000000203'::uuid, 1.0), ('5a1e5c71-0000-4000-8000-000000000204'::uuid, 1.6),
               ('5a1e5c71-0000-4000-8000-000000000205'::uuid, 1.2)) AS f (manager_id, factor) USING (manager_id)
 CROSS JOIN (SELECT m.month, (SELECT count(*) FROM generate_series(m.month, m.month + interval '1 month - 1 day',
                                                                    interval '1 day') AS d
                               WHERE extract(isodow FROM d) < 6) AS days
               FROM (SELECT (date_trunc('month', now() AT TIME ZONE 'Europe/Moscow')::date - i * interval '1 month')::date AS month
                       FROM generate_series(0, 1) AS i) m) w
ON CONFLICT DO NOTHING;

INSERT INTO plans (org_id, period, subject_type, subject_id, targets)
SELECT org_id, period, 'team', '5a1e5c71-0000-4000-8000-000000000011',
       jsonb_build_object('calls_effective', sum((targets->>'calls_effective')::numeric),
                          'revenue_minor', sum((targets->>'revenue_minor')::numeric))
  FROM plans
 WHERE org_id = '5a1e5c71-0000-4000-8000-000000000001' AND subject_type = 'manager'
   AND period >= date_trunc('month', now() AT TIME ZONE 'Europe/Moscow')::date - interval '1 month'
 GROUP BY org_id, period
ON CONFLICT DO NOTHING;

-- The CRM feed (SPEC §6.3): two leads a day per manager with their first contacts, a deal now and then through its
-- stages to a win (a loss every third) with its payment, meetings and proposals. Сергей answers his leads an hour and a
-- half late and left the second lead of each of the last two days waiting (lead_sla, leads_left_for_tomorrow);
-- Дмитрий's deal with «Вектор» has been at «КП отправлено» for 12 days (deal_stuck). Leads and deals are derived
-- from the events by crm_merge, as a batch derives them.
CREATE TEMPORARY TABLE demo_leads ON COMMIT DROP AS
SELECT p.manager_id, p.tz, p.deal_minor, d.day, n, 'L-' || left(md5(p.manager_id::text || d.day || n), 8) AS lead_id,
       ((d.day + time '10:00' + (n - 1) * interval '150 minutes') AT TIME ZONE p.tz) AS created_at,
       row_number() OVER (PARTITION BY p.manager_id ORDER BY d.day, n) AS k,
       dense_rank() OVER (PARTITION BY p.manager_id ORDER BY d.day) AS kd, p.deal_every
  FROM demo_people p CROSS JOIN demo_days d CROSS JOIN generate_series(1, 2) AS n;

CREATE TEMPORARY TABLE demo_crm ON COMMIT DROP AS
SELECT manager_id, tz, 'lead.created' AS type, created_at AS at, lead_id, NULL AS deal_id, NULL AS stage,
       NULL::bigint AS amount
  FROM demo_leads
UNION ALL
SELECT manager_id, tz, 'lead.first_contact',
       created_at + CASE WHEN manager_id = '5a1e5c71-0000-4000-8000-000000000204' THEN interval '95 minutes'
                         ELSE (3 + (k * 7) % 10) * interval '1 minute' END,
       lead_id, NULL, NULL, NULL
  FROM demo_leads
 WHERE NOT (manager_id = '5a1e5c71-0000-4000-8000-000000000204' AND n = 2
            AND day IN (SELECT day FROM demo_days ORDER BY day DESC LIMIT 2))
UNION ALL
SELECT manager_id, tz, 'meeting.held', created_at + interval '1 day', lead_id, NULL, NULL, NULL
  FROM demo_leads WHERE n = 1 AND kd % 2 = 0
UNION ALL
SELECT l.manager_id, l.tz, e.type, l.created_at + e.after, l.lead_id, 'D-' || left(md5(l.lead_id), 8), e.stage,
       CASE WHEN e.type IN ('deal.created', 'deal.won', 'payment.received') THEN l.deal_minor END
  FROM demo_leads l
 CROSS JOIN LATERAL (VALUES ('deal.created', interval '1 day', 'Квалификация'),
                            ('deal.stage_changed', interval '2 days', 'КП отправлено'),
                            ('proposal.sent', interval '2 days', NULL),
                            (CASE WHEN l.kd % 3 = 0 THEN 'deal.lost' ELSE 'deal.won' END, interval '5 days', NULL),
                            (CASE WHEN l.kd % 3 = 0 THEN NULL ELSE 'payment.received' END, interval '5 days', NULL))
       AS e (type, after, stage)
 WHERE l.n = 1 AND l.kd % l.deal_every = 0 AND e.type IS NOT NULL
UNION ALL
SELECT '5a1e5c71-0000-4000-8000-000000000202', 'Europe/Moscow', e.type, now() - e.ago, NULL, 'D-VECTOR', e.stage,
       4500000
  FROM (VALUES ('deal.created', interval '14 days', 'Квалификация'),
               ('deal.stage_changed', interval '12 days', 'КП отправлено')) AS e (type, ago, stage);

INSERT INTO crm_events (org_id, id, external_id, type, occurred_at, manager_id, lead_id, deal_id, stage, amount_minor,
                        source, local_date)
SELECT '5a1e5c71-0000-4000-8000-000000000001', md5('demo-crm-' || manager_id || type || at || coalesce(deal_id, lead_id))::uuid,
       'demo-crm-' || md5(manager_id || type || at || coalesce(deal_id, lead_id)), type, at, manager_id, lead_id,
       deal_id, stage, CASE WHEN type = 'payment.received' OR type LIKE 'deal.%' THEN amount END, 'demo',
       (at AT TIME ZONE tz)::date
  FROM demo_crm WHERE at <= now()
ON CONFLICT DO NOTHING;

SELECT crm_merge('5a1e5c71-0000-4000-8000-000000000001', array_agg(e))
  FROM crm_events e WHERE e.org_id = '5a1e5c71-0000-4000-8000-000000000001';

-- Compensation (SPEC §6.4): hunters and farmers paid on revenue with accelerators above plan, scouts on effective
-- calls. At their demo targets the hunters' and scouts' plan bonuses make a plan achiever earn over three times a
-- half-achiever; the farmers' base is too high for that, and GET /v1/compensation-schemes/{id}/check flags it.
INSERT INTO compensation_schemes (org_id, id, name, applies_role, applies_sales_role, base_minor, commission_metric,
                                  commission_rate, accelerators, plan_bonus_minor, discipline_bonus_minor)
VALUES
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000401', 'Охотники', NULL, 'hunter', 3000000,
  'revenue_minor', 0.03, '[{"from_attainment": 1.0, "rate": 0.06}, {"from_attainment": 1.2, "rate": 0.09}]', 9000000,
  1000000),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000402', 'Фермеры', NULL, 'farmer', 3500000,
  'revenue_minor', 0.02, '[{"from_attainment": 1.0, "rate": 0.05}]', 5000000, 1000000),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000403', 'Разведчики', NULL, 'scout', 2500000,
  'calls_effective', 200, '[{"from_attainment": 1.0, "rate": 500}]', 7000000, 800000)
ON CONFLICT DO NOTHING;

-- Competencies and two rounds of assessment (last month and this one), so the team matrix shows who grew; Сергей's
-- development plan works on «Работа с возражениями», where he is weakest.
INSERT INTO competencies (org_id, id, name, description, levels)
VALUES
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000501', 'Выявление потребностей',
  'Задаёт открытые вопросы и слышит, что клиенту на самом деле нужно',
  '["Задаёт только закрытые вопросы", "Следует списку вопросов", "Уточняет и резюмирует", "Находит скрытые потребности", "Учит других"]'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000502', 'Работа с возражениями',
  'Отвечает на «дорого», «подумаем», «у нас уже есть поставщик»',
  '["Теряется", "Знает ответы по скрипту", "Отвечает своими словами", "Превращает возражение в аргумент", "Учит других"]'),
 ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000503', 'Дисциплина CRM',
  'Всё в CRM в тот же день: звонки, следующие шаги, сделки по этапам',
  '["Записей нет", "Записывает часть", "Записывает всё к вечеру", "Записывает сразу и с задачами", "Образец для отдела"]')
ON CONFLICT DO NOTHING;

INSERT INTO assessments (org_id, id, manager_id, competency_id, level, note, assessed_on, assessor_id)
SELECT '5a1e5c71-0000-4000-8000-000000000001', md5('demo-assessment-' || a.manager_id || a.competency_id || r.round)::uuid,
       a.manager_id, a.competency_id, greatest(1, a.level - CASE WHEN r.round = 0 THEN a.growth ELSE 0 END),
       CASE WHEN r.round = 1 THEN a.note END,
       (date_trunc('month', now() AT TIME ZONE 'Europe/Moscow')::date - r.back * interval '1 month' + interval '2 days')::date,
       '5a1e5c71-0000-4000-8000-000000000102'
  FROM (VALUES
    ('5a1e5c71-0000-4000-8000-000000000201'::uuid, '5a1e5c71-0000-4000-8000-000000000501'::uuid, 4, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000201', '5a1e5c71-0000-4000-8000-000000000502', 4, 1, 'Сильно выросла на разборах звонков'),
    ('5a1e5c71-0000-4000-8000-000000000201', '5a1e5c71-0000-4000-8000-000000000503', 3, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000202', '5a1e5c71-0000-4000-8000-000000000501', 3, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000202', '5a1e5c71-0000-4000-8000-000000000502', 3, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000202', '5a1e5c71-0000-4000-8000-000000000503', 2, 0, 'Сделки висят без следующего шага'),
    ('5a1e5c71-0000-4000-8000-000000000203', '5a1e5c71-0000-4000-8000-000000000501', 4, 1, NULL),
    ('5a1e5c71-0000-4000-8000-000000000203', '5a1e5c71-0000-4000-8000-000000000502', 3, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000203', '5a1e5c71-0000-4000-8000-000000000503', 5, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000204', '5a1e5c71-0000-4000-8000-000000000501', 2, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000204', '5a1e5c71-0000-4000-8000-000000000502', 1, 0, 'Сдаётся на первом «дорого»'),
    ('5a1e5c71-0000-4000-8000-000000000204', '5a1e5c71-0000-4000-8000-000000000503', 3, 0, NULL),
    ('5a1e5c71-0000-4000-8000-000000000205', '5a1e5c71-0000-4000-8000-000000000501', 2, 1, 'Новичок, быстро учится'),
    ('5a1e5c71-0000-4000-8000-000000000205', '5a1e5c71-0000-4000-8000-000000000502', 2, 1, NULL),
    ('5a1e5c71-0000-4000-8000-000000000205', '5a1e5c71-0000-4000-8000-000000000503', 3, 1, NULL)
  ) AS a (manager_id, competency_id, level, growth, note)
 CROSS JOIN (VALUES (0, 1), (1, 0)) AS r (round, back)
ON CONFLICT DO NOTHING;

INSERT INTO idp_items (org_id, id, plan_id, competency, competency_id, goal, metric, target_value, due_on, position)
VALUES ('5a1e5c71-0000-4000-8000-000000000001', '5a1e5c71-0000-4000-8000-000000000313',
        '5a1e5c71-0000-4000-8000-000000000301', 'Работа с возражениями', '5a1e5c71-0000-4000-8000-000000000502',
        'Разобрать с руководителем 10 записей звонков с «дорого»', NULL, NULL,
        (date_trunc('month', now()) + interval '21 days')::date, 3)
ON CONFLICT DO NOTHING;

-- This morning's stand-ups (Moscow): three managers checked in, Дмитрий asks for help with «Вектор»; Сергей and
-- Мария have not, which the head's board shows.
INSERT INTO standups (org_id, manager_id, date, id, yesterday_result, today_goal, today_plan, help_needed, submitted_at)
SELECT '5a1e5c71-0000-4000-8000-000000000001', s.manager_id, (now() AT TIME ZONE 'Europe/Moscow')::date,
       md5('demo-standup-' || s.manager_id || (now() AT TIME ZONE 'Europe/Moscow')::date)::uuid,
       s.yesterday, s.goal, s.plan, s.help,
       least(now(), ((now() AT TIME ZONE 'Europe/Moscow')::date + s.at) AT TIME ZONE 'Europe/Moscow')
  FROM (VALUES
    ('5a1e5c71-0000-4000-8000-000000000201'::uuid, time '09:05', '27 звонков, 2 встречи, счёт «Омега» оплачен',
     'Закрыть сделку с «Альфа-Трейд»', 'Встреча в 11:00, затем 25 звонков по базе выставок', NULL),
    ('5a1e5c71-0000-4000-8000-000000000202', time '09:20', '17 звонков, КП «Вектор» без ответа',
     'Сдвинуть «Вектор» с этапа КП', 'Звонок ЛПР в 10:00, 20 звонков', 'Нужна помощь с «Вектор»: просят скидку 15 %'),
    ('5a1e5c71-0000-4000-8000-000000000203', time '09:40', '21 звонок, 3 повторные продажи',
     'Допродажа трём клиентам из сегмента A', 'Обзвон клиентов с истекающими договорами', NULL)
  ) AS s (manager_id, at, yesterday, goal, plan, help)
ON CONFLICT DO NOTHING;
