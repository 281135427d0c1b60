/* Competencies: the catalogue (five level descriptions, a unique name), assessments of managers one reaches, and a
 * team's matrix with the latest level beside the one before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "world.h"

static const char *const levels =
	"[\"Не слышит возражений\",\"Слышит и теряется\",\"Отвечает по скрипту\",\"Переводит в аргумент\",\"Учит других\"]";

static void assess(const struct member *who, const char *manager, const char *competency, int level, const char *on,
		   int status)
{
	char body[512];
	snprintf(body, sizeof(body), "{\"manager_id\":\"%s\",\"competency_id\":\"%s\",\"level\":%d,\"assessed_on\":\"%s\"}",
		 manager, competency, level, on);
	struct resp *r = http_post("/v1/assessments", who->token, body);
	expect_status(r, status);
	resp_free(r);
}

START_TEST(catalogue_assessments_and_the_matrix)
{
	struct member o, h, h2, a, b;
	char org[37], team[37], team2[37], objections[37], closing[37], body[1024], path[128];
	ck_assert_int_eq(world_org("skillco", org, &o), 0);
	ck_assert_int_eq(world_user(&o, "Head", "head@skillco.test", "head", NULL, &h), 0);
	ck_assert_int_eq(world_user(&o, "Head Two", "head2@skillco.test", "head", NULL, &h2), 0);
	ck_assert_int_eq(world_team(&o, "T", h.id, team), 0);
	ck_assert_int_eq(world_team(&o, "T2", h2.id, team2), 0);
	ck_assert_int_eq(world_user(&o, "Анна", "a@skillco.test", "manager", team, &a), 0);
	ck_assert_int_eq(world_user(&o, "Борис", "b@skillco.test", "manager", team, &b), 0);

	snprintf(body, sizeof(body), "{\"name\":\"Работа с возражениями\",\"levels\":%s}", levels);
	struct resp *r = http_post("/v1/competencies", h.token, body);
	expect_status(r, 201);
	snprintf(objections, sizeof(objections), "%s", resp_str(r, "id"));
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "levels")), 5);
	resp_free(r);
	r = http_post("/v1/competencies", o.token, body);   /* the same name */
	expect_status(r, 409);
	resp_free(r);
	snprintf(body, sizeof(body), "{\"name\":\"Закрытие сделки\",\"levels\":%s}", levels);
	r = http_post("/v1/competencies", o.token, body);
	expect_status(r, 201);
	snprintf(closing, sizeof(closing), "%s", resp_str(r, "id"));
	resp_free(r);
	r = http_post("/v1/competencies", o.token, "{\"name\":\"\",\"levels\":[\"1\",\"\",\"3\"],\"x\":1}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "name"));
	ck_assert(resp_has_error_field(r, "levels"));
	ck_assert(resp_has_error_field(r, "x"));
	resp_free(r);
	r = http_post("/v1/competencies", a.token, body);
	expect_status(r, 403);
	resp_free(r);
	/* Everyone reads the catalogue. */
	r = http_get("/v1/competencies?sort=name", a.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 2);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0), "name")),
			 "Закрытие сделки");
	resp_free(r);

	/* Анна assessed twice on objections (2 then 3), once on closing; Борис not at all. */
	assess(&h, a.id, objections, 2, "2026-10-01", 201);
	assess(&h, a.id, objections, 3, "2026-11-15", 201);
	assess(&o, a.id, closing, 4, "2026-11-20", 201);
	assess(&h2, a.id, closing, 5, "2026-11-21", 422);    /* not a member of head2's team */
	assess(&h, h.id, closing, 5, "2026-11-21", 422);     /* not oneself */
	assess(&h, a.id, "5c4e3e00-0000-4000-8000-00000000ffff", 3, "2026-11-21", 422);   /* no such competency */
	r = http_post("/v1/assessments", h.token, "{\"manager_id\":\"x\",\"level\":6}");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "manager_id"));
	ck_assert(resp_has_error_field(r, "competency_id"));
	ck_assert(resp_has_error_field(r, "level"));
	resp_free(r);

	snprintf(path, sizeof(path), "/v1/assessments/matrix?team_id=%s", team);
	r = http_get(path, h.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "competencies")), 2);
	json_t *managers = json_object_get(r->json, "managers");
	ck_assert_uint_eq(json_array_size(managers), 2);
	json_t *anna = json_array_get(managers, 0), *boris = json_array_get(managers, 1);
	ck_assert_str_eq(json_string_value(json_object_get(anna, "manager_id")), a.id);
	json_t *o1 = json_object_get(json_object_get(anna, "levels"), objections);
	ck_assert_int_eq(json_expect_integer(o1, "level"), 3);
	ck_assert_int_eq(json_expect_integer(o1, "previous"), 2);
	ck_assert_str_eq(json_string_value(json_object_get(o1, "assessed_on")), "2026-11-15");
	json_t *c1 = json_object_get(json_object_get(anna, "levels"), closing);
	ck_assert_int_eq(json_expect_integer(c1, "level"), 4);
	ck_assert(json_is_null(json_object_get(c1, "previous")));
	ck_assert_uint_eq(json_object_size(json_object_get(boris, "levels")), 0);
	resp_free(r);
	r = http_get(path, h2.token);
	expect_status(r, 404);
	resp_free(r);
	/* A development plan item may name the competency it develops; one the catalogue does not hold is 422. */
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"Возражения\",\"starts_on\":\"2026-12-01\",\"ends_on\":\"2027-02-28\","
		 "\"items\":[{\"competency\":\"Возражения\",\"competency_id\":\"%s\",\"goal\":\"Уровень 4\","
		 "\"due_on\":\"2027-02-01\"}]}",
		 a.id, objections);
	r = http_post("/v1/development-plans", h.token, body);
	expect_status(r, 201);
	ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(r->json, "items"), 0),
							   "competency_id")),
			 objections);
	resp_free(r);
	snprintf(body, sizeof(body),
		 "{\"manager_id\":\"%s\",\"reason\":\"x\",\"starts_on\":\"2026-12-01\",\"ends_on\":\"2027-02-28\","
		 "\"items\":[{\"competency\":\"x\",\"competency_id\":\"5c4e3e00-0000-4000-8000-00000000ffff\",\"goal\":\"g\","
		 "\"due_on\":\"2027-02-01\"}]}",
		 b.id);
	r = http_post("/v1/development-plans", h.token, body);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "competency_id"));
	resp_free(r);
	r = http_get(path, a.token);
	expect_status(r, 403);
	resp_free(r);
	r = http_get(path, W.owner_a.token);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

Suite *competencies_suite(void)
{
	Suite *s = suite_create("competencies");
	TCase *t = tcase_create("competencies");
	tcase_add_test(t, catalogue_assessments_and_the_matrix);
	suite_add_tcase(s, t);
	return s;
}
