-- What a viewer reaches is written into each statement for the viewer's role (src/store/reach.h): conditions the
-- planner sees whole and an index can serve. The functions that evaluated it row by row are no longer called by
-- anything; dropping them makes sure nothing comes to depend on them again.
DROP FUNCTION alert_visible(alerts, uuid, text);
DROP FUNCTION task_visible(tasks, uuid, text);
DROP FUNCTION one_on_one_visible(one_on_ones, uuid, text);
DROP FUNCTION development_plan_visible(development_plans, uuid, text);
DROP FUNCTION plan_subject_visible(uuid, uuid, text, text, uuid);
DROP FUNCTION in_reach(uuid, uuid, text, uuid);
