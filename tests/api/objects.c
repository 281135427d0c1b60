/* The objects the table-driven suites address by placeholder (see objects.h), made over the API like any client's. */
#include "objects.h"

#include <stdio.h>
#include <string.h>

#include "world.h"

struct objects objects;

static void created(struct resp *r, char out[37])
{
	expect_status(r, 201);
	snprintf(out, 37, "%s", resp_str(r, "id"));
	resp_free(r);
}

void objects_build(const char *report_date)
{
	char body[512], path[128];
	snprintf(body, sizeof(body), "{\"title\":\"matrix\",\"assignee_id\":\"%s\",\"due_at\":\"2030-01-01T00:00:00Z\"}",
		 W.m1.id);
	created(http_post("/v1/tasks", W.head1.token, body), objects.task);
	created(http_post("/v1/call-logs", W.m1.token,
			  "{\"direction\":\"outbound\",\"started_at\":\"2026-11-09T08:00:00Z\",\"duration_s\":90}"),
		objects.call);
	snprintf(body, sizeof(body), "{\"date\":\"%s\"}", report_date);
	created(http_post("/v1/daily-reports", W.m1.token, body), objects.report);
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"scheduled_at\":\"2026-12-03T10:00:00Z\"}", W.m1.id);
	created(http_post("/v1/one-on-ones", W.head1.token, body), objects.ooo);

	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"matrix\",\"starts_on\":\"2026-11-01\",\"ends_on\":\"2026-12-31\","
		 "\"items\":[{\"competency\":\"c\",\"goal\":\"g\",\"due_on\":\"2026-12-20\"}]}",
		 W.m1.id);
	struct resp *r = http_post("/v1/development-plans", W.head1.token, body);
	expect_status(r, 201);
	snprintf(objects.idp, sizeof(objects.idp), "%s", resp_str(r, "id"));
	snprintf(objects.item, sizeof(objects.item), "%s",
		 json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "id")));
	resp_free(r);
	/* Progress is recorded only on an active plan, so the matrix sees the manager's own right to report it. */
	snprintf(path, sizeof(path), "/v1/development-plans/%s/transitions", objects.idp);
	r = http_post(path, W.head1.token, "{\"to\":\"active\"}");
	expect_status(r, 200);
	resp_free(r);

	/* 1 December 19:00 UTC is 22:00 in Moscow: m1's report for that workday is overdue. m1 is hired before it, or
	 * (hired on the day the world was built, by default) the workday would not be theirs once that day is past. */
	ck_assert_int_eq(world_hired_on(&W.owner_a, &W.m1, "2026-11-02"), 0);
	r = http_post("/v1/admin/scheduler/run", W.owner_a.token, "{\"as_of\":\"2026-12-01T19:00:00Z\"}");
	expect_status(r, 200);
	resp_free(r);
	r = http_get("/v1/alerts?status=open&kind=report_missing&limit=200", W.owner_a.token);
	expect_status(r, 200);
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r->json, "items"), i, a) {
		if (strcmp(json_string_value(json_object_get(a, "manager_id")), W.m1.id) == 0) {
			snprintf(objects.alert, sizeof(objects.alert), "%s", json_string_value(json_object_get(a, "id")));
			break;
		}
	}
	resp_free(r);
	ck_assert_msg(objects.alert[0] != '\0', "the pass opened no report_missing alert for m1");

	created(http_post("/v1/webhooks", W.owner_a.token,
			  "{\"url\":\"https://hooks.example.test/matrix\",\"events\":[\"alert.opened\"]}"),
		objects.webhook);

	snprintf(objects.scheme, sizeof(objects.scheme), "5c4e3e00-0000-4000-8000-%012x", 1u);
	snprintf(path, sizeof(path), "/v1/compensation-schemes/%s", objects.scheme);
	r = http_call("PUT", path, W.owner_a.token,
		      "{\"name\":\"matrix\",\"applies_to\":{\"role\":\"manager\"},\"base_minor\":100,"
		      "\"commission\":{\"metric\":\"revenue_minor\",\"rate\":0.01}}",
		      NULL);
	ck_assert_msg(r->status == 201 || r->status == 200, "%ld: %s", r->status, r->body);   /* built by each suite */
	resp_free(r);

	snprintf(body, sizeof(body), "{\"name\":\"matrix %s\",\"levels\":[\"1\",\"2\",\"3\",\"4\",\"5\"]}", report_date);
	created(http_post("/v1/competencies", W.owner_a.token, body), objects.competency);

	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.m1.id);
	r = http_post(path, W.m1.token, NULL);
	expect_status(r, 201);
	snprintf(objects.revoked_token, sizeof(objects.revoked_token), "%s", resp_str(r, "token"));
	snprintf(path, sizeof(path), "/v1/tokens/%s", resp_str(r, "id"));
	resp_free(r);
	r = http_call("DELETE", path, W.m1.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);

	const char *scopes[] = {"read", "call_logs:write", "crm_events:write", "reports:write"};
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.owner_a.id);
	for (int s = 0; s < 4; s++) {
		snprintf(body, sizeof(body), "{\"name\":\"matrix %s\",\"scopes\":[\"%s\"]}", scopes[s], scopes[s]);
		r = http_post(path, W.owner_a.token, body);
		expect_status(r, 201);
		snprintf(objects.scoped_token[s], sizeof(objects.scoped_token[s]), "%s", resp_str(r, "token"));
		resp_free(r);
	}
}

/* Objects the DELETE rows consume: a new one for every call, so each principal meets one that exists. */
static void fresh_token(char out[37])
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", W.m1.id);
	created(http_post(path, W.m1.token, NULL), out);
}

static void fresh_absence(char out[37])
{
	char body[160];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"from\":\"2026-12-21\",\"to\":\"2026-12-25\",\"kind\":\"vacation\"}",
		 W.m1.id);
	created(http_post("/v1/absences", W.head1.token, body), out);
}

static void fresh_webhook(char out[37])
{
	created(http_post("/v1/webhooks", W.owner_a.token,
			  "{\"url\":\"https://hooks.example.test/gone\",\"events\":[\"alert.opened\"]}"),
		out);
}

int objects_expand(const char *template, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = template;
	while (*p && n + 1 < cap) {
		if (*p != '{') {
			out[n++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end)
			return -1;
		char name[32], fresh[37];
		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		const char *value = NULL;
		if (strcmp(name, "user") == 0)
			value = W.m1.id;
		else if (strcmp(name, "competency") == 0)
			value = objects.competency;
		else if (strcmp(name, "scheme") == 0)
			value = objects.scheme;
		else if (strcmp(name, "team") == 0)
			value = W.team1;
		else if (strcmp(name, "task") == 0)
			value = objects.task;
		else if (strcmp(name, "call") == 0)
			value = objects.call;
		else if (strcmp(name, "report") == 0)
			value = objects.report;
		else if (strcmp(name, "ooo") == 0)
			value = objects.ooo;
		else if (strcmp(name, "idp") == 0)
			value = objects.idp;
		else if (strcmp(name, "item") == 0)
			value = objects.item;
		else if (strcmp(name, "alert") == 0)
			value = objects.alert;
		else if (strcmp(name, "webhook") == 0)
			value = objects.webhook;
		else if (strcmp(name, "fresh_token") == 0)
			fresh_token(fresh), value = fresh;
		else if (strcmp(name, "fresh_absence") == 0)
			fresh_absence(fresh), value = fresh;
		else if (strcmp(name, "fresh_webhook") == 0)
			fresh_webhook(fresh), value = fresh;
		else
			return -1;
		n += (size_t)snprintf(out + n, cap - n, "%s", value);
		if (n >= cap)
			return -1;
		p = end + 1;
	}
	out[n] = '\0';
	return *p ? -1 : 0;
}

