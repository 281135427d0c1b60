-- Call logs from telephony, their quality reviews, evening reports reconciled against the logs, and the
-- working-day calendar overrides that decide which days need a report.

CREATE TABLE call_logs (
    org_id         uuid NOT NULL REFERENCES orgs (org_id),
    id             uuid NOT NULL,
    manager_id     uuid NOT NULL,
    direction      text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    started_at     timestamptz NOT NULL,
    duration_s     integer NOT NULL CHECK (duration_s BETWEEN 0 AND 86400),
    phone          text,
    client_ref     text,
    outcome        text CHECK (outcome IN ('no_answer', 'busy', 'talked', 'meeting_set', 'proposal', 'deal', 'callback')),
    external_id    text,
    recording_url  text,
    notes          text,
    local_date     date NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT call_logs_manager_fk FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id),
    CONSTRAINT call_logs_external_key UNIQUE (org_id, external_id)
);
COMMENT ON TABLE call_logs IS 'Calls as the telephony system logged them. Immutable once written, except for their review.';
COMMENT ON COLUMN call_logs.local_date IS 'The date of started_at in the manager''s time zone when the call was logged: the day it counts for.';
COMMENT ON COLUMN call_logs.external_id IS 'The telephony system''s id; posting it again returns the stored call.';
-- Serves reconciliation (calls per manager and local date), the review sample and per-manager lists.
CREATE INDEX call_logs_manager_day_idx ON call_logs (org_id, manager_id, local_date);
-- Serves GET /v1/call-logs?manager_id=... (newest first).
CREATE INDEX call_logs_manager_list_idx ON call_logs (org_id, manager_id, started_at DESC, id DESC);
-- Serves GET /v1/call-logs for owners (newest first).
CREATE INDEX call_logs_list_idx ON call_logs (org_id, started_at DESC, id DESC);

CREATE TABLE call_reviews (
    org_id       uuid NOT NULL,
    call_id      uuid NOT NULL,
    reviewer_id  uuid NOT NULL,
    score        integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    checklist    jsonb NOT NULL,
    comment      text,
    reviewed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, call_id),
    CONSTRAINT call_reviews_call_fk FOREIGN KEY (org_id, call_id) REFERENCES call_logs (org_id, id),
    CONSTRAINT call_reviews_reviewer_fk FOREIGN KEY (org_id, reviewer_id) REFERENCES users (org_id, id)
);
COMMENT ON TABLE call_reviews IS 'Quality review of one call by a head or owner: a 0-100 score and the five-point checklist.';

CREATE TABLE daily_reports (
    org_id           uuid NOT NULL REFERENCES orgs (org_id),
    id               uuid NOT NULL,
    manager_id       uuid NOT NULL,
    date             date NOT NULL,
    calls_outbound   integer NOT NULL DEFAULT 0 CHECK (calls_outbound >= 0),
    calls_inbound    integer NOT NULL DEFAULT 0 CHECK (calls_inbound >= 0),
    chat_sessions    integer NOT NULL DEFAULT 0 CHECK (chat_sessions >= 0),
    meetings         integer NOT NULL DEFAULT 0 CHECK (meetings >= 0),
    proposals_sent   integer NOT NULL DEFAULT 0 CHECK (proposals_sent >= 0),
    leads_received   integer NOT NULL DEFAULT 0 CHECK (leads_received >= 0),
    leads_processed  integer NOT NULL DEFAULT 0 CHECK (leads_processed >= 0),
    deals_won        integer NOT NULL DEFAULT 0 CHECK (deals_won >= 0),
    payments_count   integer NOT NULL DEFAULT 0 CHECK (payments_count >= 0),
    revenue_minor    bigint NOT NULL DEFAULT 0 CHECK (revenue_minor >= 0),
    done_today       text,
    plan_tomorrow    text,
    help_needed      text,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    late             boolean NOT NULL,
    reviewer_id      uuid,
    review_verdict   text CHECK (review_verdict IN ('accepted', 'needs_fix')),
    review_score     integer CHECK (review_score BETWEEN 1 AND 5),
    review_comment   text,
    reviewed_at      timestamptz,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, id),
    CONSTRAINT daily_reports_manager_fk FOREIGN KEY (org_id, manager_id) REFERENCES users (org_id, id),
    CONSTRAINT daily_reports_reviewer_fk FOREIGN KEY (org_id, reviewer_id) REFERENCES users (org_id, id),
    CONSTRAINT daily_reports_one_per_day UNIQUE (org_id, manager_id, date)
);
COMMENT ON TABLE daily_reports IS 'The evening report: what a manager says they did on a date. One per manager and date.';
COMMENT ON COLUMN daily_reports.late IS 'Submitted after the organisation''s report_deadline on that date in the manager''s time zone (fixed at submission).';
COMMENT ON COLUMN daily_reports.review_verdict IS 'accepted locks the report; needs_fix lets the manager edit it again (an edit clears the review).';
-- Serves GET /v1/daily-reports (newest date first) and /missing.
CREATE INDEX daily_reports_list_idx ON daily_reports (org_id, date DESC, id DESC);

CREATE TABLE calendar_days (
    org_id      uuid NOT NULL REFERENCES orgs (org_id),
    date        date NOT NULL,
    is_workday  boolean NOT NULL,
    note        text,
    PRIMARY KEY (org_id, date)
);
COMMENT ON TABLE calendar_days IS 'Overrides of the Monday-Friday working week: national holidays and transferred workdays.';

CREATE FUNCTION is_workday(p_org uuid, p_date date) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT is_workday FROM calendar_days WHERE org_id = p_org AND date = p_date),
                    extract(isodow FROM p_date) < 6)
$$;

CREATE FUNCTION call_log_json(c call_logs) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', c.id, 'manager_id', c.manager_id, 'direction', c.direction, 'started_at', c.started_at,
        'duration_s', c.duration_s, 'phone', c.phone, 'client_ref', c.client_ref, 'outcome', c.outcome,
        'external_id', c.external_id, 'recording_url', c.recording_url, 'notes', c.notes,
        'local_date', c.local_date,
        'effective', c.duration_s >= (SELECT effective_call_seconds FROM orgs o WHERE o.org_id = c.org_id),
        'review', (SELECT json_build_object('reviewer_id', r.reviewer_id, 'score', r.score, 'checklist', r.checklist,
                                            'comment', r.comment, 'reviewed_at', r.reviewed_at)
                     FROM call_reviews r WHERE r.org_id = c.org_id AND r.call_id = c.id),
        'created_at', c.created_at)
$$;

-- SPEC §3: reported = outbound + inbound; logged = the manager's calls on that local date; mismatch when
-- |reported - logged| > max(2, tolerance * logged); no_logs when nothing is logged and the report is within that
-- margin (so a report of 40 calls against none logged is a mismatch, not "no logs").
CREATE FUNCTION report_reconciliation(r daily_reports) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object('calls_reported', x.reported, 'calls_logged', x.logged, 'delta', x.reported - x.logged,
                             'status', CASE WHEN abs(x.reported - x.logged) > greatest(2, x.tolerance * x.logged) THEN 'mismatch'
                                            WHEN x.logged = 0 THEN 'no_logs'
                                            ELSE 'match' END)
      FROM (SELECT r.calls_outbound + r.calls_inbound AS reported,
                   (SELECT count(*) FROM call_logs c
                     WHERE c.org_id = r.org_id AND c.manager_id = r.manager_id AND c.local_date = r.date)::int AS logged,
                   (SELECT reconcile_tolerance FROM orgs o WHERE o.org_id = r.org_id) AS tolerance) x
$$;

CREATE FUNCTION daily_report_json(r daily_reports) RETURNS json LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', r.id, 'manager_id', r.manager_id, 'date', r.date,
        'calls_outbound', r.calls_outbound, 'calls_inbound', r.calls_inbound, 'chat_sessions', r.chat_sessions,
        'meetings', r.meetings, 'proposals_sent', r.proposals_sent, 'leads_received', r.leads_received,
        'leads_processed', r.leads_processed, 'deals_won', r.deals_won, 'payments_count', r.payments_count,
        'revenue_minor', r.revenue_minor, 'done_today', r.done_today, 'plan_tomorrow', r.plan_tomorrow,
        'help_needed', r.help_needed, 'submitted_at', r.submitted_at, 'late', r.late,
        'reconciliation', report_reconciliation(r),
        'review', CASE WHEN r.reviewed_at IS NULL THEN NULL ELSE
                  json_build_object('reviewer_id', r.reviewer_id, 'verdict', r.review_verdict, 'score', r.review_score,
                                    'comment', r.review_comment, 'reviewed_at', r.reviewed_at) END,
        'created_at', r.created_at, 'updated_at', r.updated_at)
$$;
