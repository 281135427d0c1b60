-- The write path of call logs (issue 15, `make bench-write-path`): its two foreign keys cost a single-row insert
-- 27 % and 23 % of its rate, and a batch of 1,000 rows 36 % and 38 % (each checked row locks the organisation's and
-- the manager's row FOR KEY SHARE, every concurrent writer the same organisation row). They guard nothing the writes
-- do not already: every insert reaches its manager through a join on users (org_id, id) in the same statement
-- (store/call_logs.c: call_create, call_batch; the demo and the bench seed name existing managers), and neither users
-- nor organisations are ever deleted (a manager leaves by status). The keys, the three list and rollup indexes and
-- the rollup trigger stay: docs/PERFORMANCE.md says what each costs and why it stays.
ALTER TABLE call_logs DROP CONSTRAINT call_logs_org_id_fkey;
ALTER TABLE call_logs DROP CONSTRAINT call_logs_manager_fk;
COMMENT ON COLUMN call_logs.manager_id IS 'The manager (users.id of the same organisation) whose call it was; checked by the inserting statement''s join on users, not by a foreign key (migration 0021).';
