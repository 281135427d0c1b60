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
