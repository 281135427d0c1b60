-- Time-ordered ids for the rows CRM event batches create (issue 16). A lead's and a deal's id (ours, for list
-- cursors; the CRM's keys are lead_id and deal_id) came from gen_random_uuid(), so each of a batch's ~400 new leads
-- went to a random leaf of leads_id_key, and after a checkpoint each such leaf costs a full-page image in the WAL:
-- the cost grows with the table. With the layout of a version-7 UUID (milliseconds since 1970 in the first 48 bits,
-- then gen_random_uuid()'s bits with the version nibble set to 7) a batch's new rows go to the right edge of the
-- index. W8's own statement in pgbench (8 clients, durable settings, alternating pairs on the bench database):
-- random 30.1, 28.5, 29.1, 27.5, 27.3, 24.9 batches/s against time-ordered 31.6, 30.7, 32.3, 30.5, 31.4, 31.0 while
-- the history grew from 2.5 M to 6 M events and 1.0 M to 2.4 M leads: +5 % at the start, +25 % at the end.
--
-- Volatile like gen_random_uuid(), and a single SELECT, so the planner inlines it; the batch statements
-- (include/salesctl/store/batch.h) make their rows' ids with it too.
CREATE FUNCTION uuid_time_ordered() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                                          PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                                          FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$$;
COMMENT ON FUNCTION uuid_time_ordered() IS 'A random UUID laid out as version 7: ids made later sort later (to the millisecond), so new rows go to the right edge of a key.';

ALTER TABLE leads ALTER COLUMN id SET DEFAULT uuid_time_ordered();
ALTER TABLE deals ALTER COLUMN id SET DEFAULT uuid_time_ordered();
