-- GET /v1/kpi keeps its series in the plan-status cache under plan_versions (0010) like plan status, and counts
-- reports by the deadline from daily_reports, which bumped the version only through the next pass's rollup of the
-- day the report marked: evening reports join the tables that bump it in their own transaction. Leads and deals
-- still reach it through the pass: each CRM event that changes them marks its manager-day, and the pass's rollup of a
-- marked day always writes, and so bumps, the version.
CREATE TRIGGER daily_reports_plan_version_insert AFTER INSERT ON daily_reports
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER daily_reports_plan_version_update AFTER UPDATE ON daily_reports
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
CREATE TRIGGER daily_reports_plan_version_delete AFTER DELETE ON daily_reports
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan_version_bump();
