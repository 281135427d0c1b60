-- Discipline in KPI series and plan status (SPEC §6.2) counts, per manager, the tasks due in a window: one range of
-- this index per manager. Without it the series read every task of the organisation due in the window and kept the
-- member's (W7 in make bench: 481 req/s).
CREATE INDEX tasks_assignee_due_idx ON tasks (org_id, assignee_id, due_at);
