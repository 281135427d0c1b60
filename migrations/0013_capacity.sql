-- Personal capacity (SPEC §6.2): when a manager stops working here, and the days they are away. A manager's available
-- workdays in a period are the organisation's workdays within [hired_on, dismissed_on], less their absences of the
-- kinds vacation, sick, day_off and training; a field day is available but not judged by calls.
ALTER TABLE users ADD COLUMN dismissed_on date;
COMMENT ON COLUMN users.dismissed_on IS 'The last day the user works here; from the next day on they are dismissed (status), and outside capacity.';

CREATE OR REPLACE FUNCTION user_json(u users) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', u.id, 'name', u.name, 'email', u.email, 'role', u.role, 'team_id', u.team_id,
        'sales_role', u.sales_role, 'timezone', u.timezone, 'status', u.status, 'hired_on', u.hired_on,
        'dismissed_on', u.dismissed_on, 'created_at', u.created_at, 'updated_at', u.updated_at)
$$;

CREATE TABLE absences (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    id          uuid NOT NULL,
    manager_id  uuid NOT NULL,
    from_date   date NOT NULL,
    to_date     date NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('vacation', 'sick', 'day_off', 'training', 'field')),
    note        text,
    created_by  uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT absences_manager_fk FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id),
    CHECK (to_date >= from_date)
);
COMMENT ON TABLE absences IS 'Days a manager is away (vacation, sick, day_off, training: outside capacity) or out meeting clients (field: available, but not judged by calls), from_date..to_date inclusive.';
-- Serves GET /v1/absences (a manager's, overlapping a range) and the capacity of plan status and the alert rules.
CREATE INDEX absences_manager_idx ON absences (org_id, manager_id, from_date);
-- Serves GET /v1/absences without a manager (newest first, cursor on created_at, id).
CREATE INDEX absences_list_idx ON absences (org_id, created_at DESC, id DESC);

CREATE FUNCTION absence_json(a absences) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', a.id, 'manager_id', a.manager_id, 'from', a.from_date, 'to', a.to_date,
                             'kind', a.kind, 'note', a.note, 'created_by', a.created_by, 'created_at', a.created_at)
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['absences'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_insert', t);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed '
                       'FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump()', t || '_plan_version_delete', t);
    END LOOP;
END $$;
