-- Discipline in KPI series and plan status (SPEC §6.2) counts returns made in a window of time across an organisation;
-- without this the count reads every event of the organisation. Partial: returns are a small share of task events, so
-- the write path pays for it only on a return.
CREATE INDEX task_events_returned_idx ON task_events (org_id, at) WHERE transition = 'returned';
