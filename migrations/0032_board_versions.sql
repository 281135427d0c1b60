-- plan_versions (0010) covers every table behind plan status, the payouts and the head's stand-up board: stand-ups
-- and tasks join the list. Tasks were behind plan status already (the discipline figures count tasks done by their
-- due_at and returns), so a cached plan status could trail a task's transition by up to its quarter hour; now the
-- transition bumps the version in its own transaction like any other write behind the figures.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['standups', 'tasks', 'task_events'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_update', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_delete', t);
    END LOOP;
END $$;
