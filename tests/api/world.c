/* Builds the shared test world through the public API (so the fixtures exercise the same code as users do). */
#include "world.h"

#include <stdio.h>
#include <string.h>

struct world W;

static int copy_str(char *out, size_t size, const struct resp *r, const char *key)
{
	const char *v = resp_str(r, key);
	if (!*v)
		return -1;
	snprintf(out, size, "%s", v);
	return 0;
}

int world_org(const char *name, char org_id[37], struct member *owner)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"owner\":{\"name\":\"Owner of %s\",\"email\":\"owner@%s.test\"}}",
		 name, name, name);
	struct resp *r = http_post("/v1/orgs", api_admin_token(), body);
	int rc = -1;
	if (r->status == 201) {
		json_t *org = json_object_get(r->json, "org"), *own = json_object_get(r->json, "owner");
		snprintf(org_id, 37, "%s", json_string_value(json_object_get(org, "id")));
		snprintf(owner->id, sizeof(owner->id), "%s", json_string_value(json_object_get(own, "id")));
		rc = copy_str(owner->token, sizeof(owner->token), r, "token");
	} else {
		fprintf(stderr, "world: POST /v1/orgs answered %ld: %s\n", r->status, r->body);
	}
	resp_free(r);
	return rc;
}

int world_user(const struct member *owner, const char *name, const char *email, const char *role,
	       const char *team_id, struct member *out)
{
	char body[512], path[128];
	if (team_id)
		snprintf(body, sizeof(body), "{\"name\":\"%s\",\"email\":\"%s\",\"role\":\"%s\",\"team_id\":\"%s\"}", name,
			 email, role, team_id);
	else
		snprintf(body, sizeof(body), "{\"name\":\"%s\",\"email\":\"%s\",\"role\":\"%s\"}", name, email, role);
	struct resp *r = http_post("/v1/users", owner->token, body);
	int rc = r->status == 201 ? copy_str(out->id, sizeof(out->id), r, "id") : -1;
	if (rc < 0)
		fprintf(stderr, "world: POST /v1/users answered %ld: %s\n", r->status, r->body);
	resp_free(r);
	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", out->id);
	r = http_post(path, owner->token, "{}");
	rc = r->status == 201 ? copy_str(out->token, sizeof(out->token), r, "token") : -1;
	if (rc < 0)
		fprintf(stderr, "world: POST %s answered %ld: %s\n", path, r->status, r->body);
	resp_free(r);
	return rc;
}

int world_team(const struct member *owner, const char *name, const char *head_id, char out[37])
{
	char body[256];
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"head_id\":\"%s\"}", name, head_id);
	struct resp *r = http_post("/v1/teams", owner->token, body);
	int rc = r->status == 201 ? copy_str(out, 37, r, "id") : -1;
	if (rc < 0)
		fprintf(stderr, "world: POST /v1/teams answered %ld: %s\n", r->status, r->body);
	resp_free(r);
	return rc;
}

int world_hired_on(const struct member *owner, const struct member *user, const char *date)
{
	char body[64], path[128];
	snprintf(body, sizeof(body), "{\"hired_on\":\"%s\"}", date);
	snprintf(path, sizeof(path), "/v1/users/%s", user->id);
	struct resp *r = http_patch(path, owner->token, body);
	int rc = r->status == 200 ? 0 : -1;
	if (rc < 0)
		fprintf(stderr, "world: PATCH %s answered %ld: %s\n", path, r->status, r->body);
	resp_free(r);
	return rc;
}

int world_build(void)
{
	if (world_org("alpha", W.org_a, &W.owner_a) || world_org("bravo", W.org_b, &W.owner_b))
		return -1;
	if (world_user(&W.owner_a, "Head One", "head1@alpha.test", "head", NULL, &W.head1) ||
	    world_user(&W.owner_a, "Head Two", "head2@alpha.test", "head", NULL, &W.head2) ||
	    world_team(&W.owner_a, "Team One", W.head1.id, W.team1) ||
	    world_team(&W.owner_a, "Team Two", W.head2.id, W.team2) ||
	    world_user(&W.owner_a, "Manager One", "m1@alpha.test", "manager", W.team1, &W.m1) ||
	    world_user(&W.owner_a, "Manager Two", "m2@alpha.test", "manager", W.team1, &W.m2) ||
	    world_user(&W.owner_a, "Manager Three", "m3@alpha.test", "manager", W.team2, &W.m3))
		return -1;
	if (world_user(&W.owner_b, "Head B", "head@bravo.test", "head", NULL, &W.head_b) ||
	    world_team(&W.owner_b, "Team B", W.head_b.id, W.team_b) ||
	    world_user(&W.owner_b, "Manager B", "m@bravo.test", "manager", W.team_b, &W.m_b))
		return -1;
	return 0;
}
