-- SPEC §6.3: the alerts of the CRM feed, and the organisation settings they read.
--   lead_sla                 a lead without a first contact lead_sla_minutes after its creation, counted in the
--                            manager's working hours (workdays of the calendar, from workday_start to the report
--                            deadline, in the manager's time zone); resolved by the first contact or the close.
--   leads_left_for_tomorrow  a manager's leads of a day still without a first contact once that day's report deadline
--                            has passed; watched for the last 7 days, resolved when they are all contacted or closed.
--   deal_stuck               an open deal in one stage longer than its stage's limit (stage_max_days_by_stage, else
--                            stage_max_days); resolved when it moves on, is won or is lost.
ALTER TABLE orgs
    ADD COLUMN lead_sla_minutes integer NOT NULL DEFAULT 15 CONSTRAINT orgs_lead_sla_minutes CHECK (lead_sla_minutes BETWEEN 1 AND 1440),
    ADD COLUMN workday_start time NOT NULL DEFAULT '09:00',
    ADD COLUMN stage_max_days integer NOT NULL DEFAULT 7 CONSTRAINT orgs_stage_max_days CHECK (stage_max_days BETWEEN 1 AND 365),
    ADD COLUMN stage_max_days_by_stage jsonb NOT NULL DEFAULT '{}'
        CONSTRAINT orgs_stage_max_days_by_stage_object CHECK (jsonb_typeof(stage_max_days_by_stage) = 'object');
ALTER TABLE orgs ADD CONSTRAINT orgs_workday_hours CHECK (workday_start < report_deadline);
COMMENT ON COLUMN orgs.workday_start IS 'Working hours run from here to report_deadline on workdays, in each manager''s time zone (the lead SLA counts only them).';

ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check,
    ADD CONSTRAINT alerts_kind_check CHECK (kind IN ('plan_lagging', 'activity_drop', 'report_missing', 'report_mismatch',
                                                     'leads_unprocessed', 'task_overdue', 'task_unchecked',
                                                     'one_on_one_overdue', 'idp_needed', 'idp_item_overdue', 'lead_sla',
                                                     'leads_left_for_tomorrow', 'deal_stuck'));
ALTER TABLE alerts DROP CONSTRAINT alerts_subject_type_check,
    ADD CONSTRAINT alerts_subject_type_check CHECK (subject_type IN ('manager', 'team', 'task', 'idp_item', 'lead', 'deal'));

-- The instant p_minutes of working time after p_from: working time is [p_start, p_end) of each workday of the
-- organisation's calendar in time zone p_tz. NULL when a year holds too little of it.
CREATE FUNCTION work_minutes_after(p_org uuid, p_tz text, p_from timestamptz, p_minutes integer, p_start time,
                                   p_end time) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
DECLARE
    remaining interval := p_minutes * interval '1 minute';
    local_from timestamp := p_from AT TIME ZONE p_tz;
    d date := local_from::date;
    open_at timestamp;
    close_at timestamp;
BEGIN
    FOR i IN 0..366 LOOP
        IF is_workday(p_org, d) THEN
            open_at := greatest(d + p_start, local_from);
            close_at := d + p_end;
            IF open_at < close_at THEN
                IF open_at + remaining <= close_at THEN
                    RETURN (open_at + remaining) AT TIME ZONE p_tz;
                END IF;
                remaining := remaining - (close_at - open_at);
            END IF;
        END IF;
        d := d + 1;
    END LOOP;
    RETURN NULL;
END $$;

-- The leads the SLA and the day's leftovers watch: not contacted and not closed.
CREATE INDEX leads_waiting_idx ON leads (org_id, created_at) WHERE first_contact_at IS NULL AND closed_at IS NULL;
-- The deals deal_stuck watches.
CREATE INDEX deals_open_idx ON deals (org_id, manager_id) WHERE outcome IS NULL;
