-- Marking a key dirty takes the mark's row lock until the writing transaction commits (ON CONFLICT DO UPDATE rather
-- than DO NOTHING). With DO NOTHING, a write whose key was already dirty left no trace of its own: a pass could take
-- that older mark and recompute from a snapshot without the write, which was then never rolled up. Now the pass
-- (FOR UPDATE SKIP LOCKED) cannot take a mark while a write that made it is open, and a write that comes after the
-- pass took the mark waits and inserts a new one. Keys are marked in key order so that two writes lock them alike.
CREATE OR REPLACE FUNCTION rollup_mark_calls() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT DISTINCT org_id, manager_id, local_date FROM changed ORDER BY 1, 2, 3
    ON CONFLICT (org_id, manager_id, date) DO UPDATE SET marked_at = EXCLUDED.marked_at;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rollup_mark_reports() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT DISTINCT org_id, manager_id, date FROM changed ORDER BY 1, 2, 3
    ON CONFLICT (org_id, manager_id, date) DO UPDATE SET marked_at = EXCLUDED.marked_at;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rollup_mark_reviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT DISTINCT c.org_id, c.manager_id, c.local_date
      FROM changed r JOIN call_logs c ON c.org_id = r.org_id AND c.id = r.call_id
     ORDER BY 1, 2, 3
    ON CONFLICT (org_id, manager_id, date) DO UPDATE SET marked_at = EXCLUDED.marked_at;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION rollup_mark_org() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rollup_dirty (org_id, manager_id, date)
    SELECT org_id, manager_id, date FROM kpi_daily WHERE org_id = NEW.org_id ORDER BY 1, 2, 3
    ON CONFLICT (org_id, manager_id, date) DO UPDATE SET marked_at = EXCLUDED.marked_at;
    RETURN NULL;
END $$;
