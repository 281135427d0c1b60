-- task_unchecked watches done tasks past their control date: without this index each scheduler pass read every task
-- of the organisation (a sequential scan, 40 ms at 200,000 tasks), a cost that grew with history.
CREATE INDEX tasks_done_control_idx ON tasks (org_id, control_at) WHERE status = 'done';
