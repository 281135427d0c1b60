-- SPEC §6.4: the competency catalogue of an organisation (levels 1-5, each with what it looks like) and assessments
-- of managers against it; the matrix shows the latest level per manager and competency beside the one before.
CREATE TABLE competencies (
    org_id       uuid NOT NULL,
    id           uuid NOT NULL,
    name         text NOT NULL,
    description  text,
    levels       jsonb NOT NULL CHECK (jsonb_typeof(levels) = 'array' AND jsonb_array_length(levels) = 5),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT competencies_name_key UNIQUE (org_id, name)
);
COMMENT ON COLUMN competencies.levels IS 'Five descriptors: what level 1 to 5 looks like.';

CREATE TABLE assessments (
    org_id         uuid NOT NULL,
    id             uuid NOT NULL,
    manager_id     uuid NOT NULL,
    competency_id  uuid NOT NULL,
    level          integer NOT NULL CHECK (level BETWEEN 1 AND 5),
    note           text,
    assessed_on    date NOT NULL,
    assessor_id    uuid NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT assessments_competency_fk FOREIGN KEY (org_id, competency_id) REFERENCES competencies (org_id, id)
);
-- Serves the matrix: a manager's assessments of a competency, latest first.
CREATE INDEX assessments_manager_idx ON assessments (org_id, manager_id, competency_id, assessed_on DESC, created_at DESC);

CREATE FUNCTION competency_json(c competencies) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', c.id, 'name', c.name, 'description', c.description, 'levels', c.levels,
                             'created_at', c.created_at)
$$;

CREATE FUNCTION assessment_json(a assessments) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', a.id, 'manager_id', a.manager_id, 'competency_id', a.competency_id, 'level', a.level,
                             'note', a.note, 'assessed_on', a.assessed_on, 'assessor_id', a.assessor_id,
                             'created_at', a.created_at)
$$;

-- A development plan item may name the competency it develops (its free-text competency stays, for what the catalogue
-- does not hold).
ALTER TABLE idp_items ADD COLUMN competency_id uuid,
    ADD CONSTRAINT idp_items_competency_fk FOREIGN KEY (org_id, competency_id) REFERENCES competencies (org_id, id);

CREATE OR REPLACE FUNCTION idp_item_json(i idp_items) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', i.id, 'competency', i.competency, 'competency_id', i.competency_id, 'goal', i.goal, 'metric', i.metric,
        'target_value', i.target_value,
        'current_value', CASE WHEN i.metric IS NOT NULL THEN
            (SELECT kpi_metric_value(d.org_id, d.manager_id, d.starts_on, d.ends_on, i.metric)
               FROM development_plans d WHERE d.org_id = i.org_id AND d.id = i.plan_id) END,
        'due_on', i.due_on, 'status', i.status,
        'progress', coalesce((SELECT json_agg(json_build_object('at', p.at, 'value', p.value, 'note', p.note,
                                                                'author_id', p.author_id) ORDER BY p.at, p.id)
                                FROM idp_progress p WHERE p.org_id = i.org_id AND p.item_id = i.id), '[]'))
$$;
