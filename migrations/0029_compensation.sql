-- SPEC §6.4: compensation schemes. A scheme applies to the managers of a sales_role, or to every user of a role; for a
-- manager the scheme of their sales_role wins over the one of their role. The arithmetic is domain/payouts.c.
CREATE TABLE compensation_schemes (
    org_id                  uuid NOT NULL,
    id                      uuid NOT NULL,
    name                    text NOT NULL,
    applies_role            text CHECK (applies_role IN ('manager', 'head')),
    applies_sales_role      text CHECK (applies_sales_role IN ('scout', 'hunter', 'farmer')),
    base_minor              bigint NOT NULL CHECK (base_minor >= 0),
    commission_metric       text NOT NULL,
    commission_rate         float8 NOT NULL CHECK (commission_rate >= 0),
    accelerators            jsonb NOT NULL DEFAULT '[]',
    plan_bonus_minor        bigint NOT NULL DEFAULT 0 CHECK (plan_bonus_minor >= 0),
    discipline_bonus_minor  bigint NOT NULL DEFAULT 0 CHECK (discipline_bonus_minor >= 0),
    version                 integer NOT NULL DEFAULT 1,
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT compensation_schemes_applies_to CHECK ((applies_role IS NULL) <> (applies_sales_role IS NULL))
);
-- The client chooses a scheme's id (PUT creates or replaces): an id another organisation holds is refused (404), so
-- that no organisation can learn of or collide with another's schemes.
CREATE UNIQUE INDEX compensation_schemes_id_key ON compensation_schemes (id);
COMMENT ON COLUMN compensation_schemes.accelerators IS '[{from_attainment, rate}] ascending: each rate pays the commission metric''s value above from_attainment × target.';

-- Payouts are computed from plan status's data and the schemes: a scheme's change invalidates answers kept for the
-- data's version, as plans and alerts do (migration 0010).
CREATE TRIGGER compensation_schemes_plan_version_insert AFTER INSERT ON compensation_schemes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER compensation_schemes_plan_version_update AFTER UPDATE ON compensation_schemes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();

CREATE FUNCTION compensation_scheme_json(s compensation_schemes) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', s.id, 'name', s.name,
                             'applies_to', CASE WHEN s.applies_role IS NOT NULL
                                                THEN json_build_object('role', s.applies_role)
                                                ELSE json_build_object('sales_role', s.applies_sales_role) END,
                             'base_minor', s.base_minor,
                             'commission', json_build_object('metric', s.commission_metric, 'rate', s.commission_rate),
                             'accelerators', s.accelerators, 'plan_bonus_minor', s.plan_bonus_minor,
                             'discipline_bonus_minor', s.discipline_bonus_minor, 'created_at', s.created_at,
                             'updated_at', s.updated_at)
$$;
