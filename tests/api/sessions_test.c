/* Sign-in (SPEC §6.1): invitations, sessions that slide and end, sign-out, password change and the first password,
 * and the throttle of failed sign-ins. Each test works in an organisation of its own, so that throttles and sessions
 * of one cannot touch another. Every password sent is recorded for the secrets check of tests/run.sh. A burst of
 * sign-ins holds neither a database connection nor an HTTP thread while their passwords are checked. */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "world.h"

struct people {
	char org[37];
	struct member owner, head, manager, other;
	char team[37];
	char manager_email[96];
};

/* An organisation with a head, a manager in the head's team and a manager outside it. */
static void people(const char *name, struct people *p)
{
	ck_assert_int_eq(world_org(name, p->org, &p->owner), 0);
	char email[96], body[256];
	snprintf(email, sizeof(email), "head@%s.test", name);
	ck_assert_int_eq(world_user(&p->owner, "Руководитель", email, "head", NULL, &p->head), 0);
	snprintf(body, sizeof(body), "{\"name\":\"Отдел\",\"head_id\":\"%s\"}", p->head.id);
	struct resp *r = http_post("/v1/teams", p->owner.token, body);
	expect_status(r, 201);
	snprintf(p->team, sizeof(p->team), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(p->manager_email, sizeof(p->manager_email), "Manager@%s.test", name);
	ck_assert_int_eq(world_user(&p->owner, "Менеджер", p->manager_email, "manager", p->team, &p->manager), 0);
	snprintf(email, sizeof(email), "other@%s.test", name);
	ck_assert_int_eq(world_user(&p->owner, "Другой", email, "manager", NULL, &p->other), 0);
}

static struct resp *invite(const char *user_id, const char *token)
{
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s/invitations", user_id);
	return http_post(path, token, NULL);
}

static struct resp *accept(const char *invite_token, const char *password)
{
	char body[512];
	record_secret(password);
	snprintf(body, sizeof(body), "{\"invite_token\":\"%s\",\"password\":\"%s\"}", invite_token, password);
	return http_post("/v1/invitations/accept", NULL, body);
}

static struct resp *sign_in(const char *email, const char *password)
{
	char body[512];
	record_secret(password);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}", email, password);
	return http_post("/v1/sessions", NULL, body);
}

/* The manager accepts an invitation from their head with password; returns the session token in out. */
static void invited(struct people *p, const char *password, char out[128])
{
	struct resp *r = invite(p->manager.id, p->head.token);
	expect_status(r, 201);
	char invite_token[128];
	snprintf(invite_token, sizeof(invite_token), "%s", resp_str(r, "invite_token"));
	resp_free(r);
	r = accept(invite_token, password);
	expect_status(r, 201);
	snprintf(out, 128, "%s", resp_str(r, "token"));
	resp_free(r);
}

static void expect_code(struct resp *r, long status, const char *code)
{
	ck_assert_msg(r->status == status && strcmp(resp_code(r), code) == 0, "expected %ld %s, got %ld %s", status, code,
		      r->status, r->body);
	resp_free(r);
}

/* A change made in the database behind the API's back reaches the principal cache by notification (migration 0018):
 * within a second, as any change from another instance does, not on the very next request. */
static void expect_soon(const char *token, const char *code)
{
	for (int i = 0;; i++) {
		struct resp *r = http_get("/v1/me", token);
		if (r->status == 401 || i == 100) {
			expect_code(r, 401, code);
			return;
		}
		resp_free(r);
		usleep(10 * 1000);
	}
}

static void sql(const char *text, const char *a, const char *b)
{
	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	const char *params[] = {a, b};
	PGresult *res = PQexecParams(db, text, 2, NULL, params, NULL, NULL, 0);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(res), "1") == 0, "%s: %s", text,
		      PQerrorMessage(db));
	PQclear(res);
	PQfinish(db);
}

START_TEST(an_invitation_sets_a_password_once)
{
	struct people p;
	people("inviteco", &p);
	/* Who may invite whom. */
	expect_code(invite(p.manager.id, p.manager.token), 403, "forbidden");
	expect_code(invite(p.other.id, p.head.token), 404, "not_found");
	expect_code(invite(p.head.id, p.head.token), 403, "forbidden");
	expect_code(invite(p.manager.id, W.owner_a.token), 404, "not_found");

	struct resp *r = invite(p.manager.id, p.head.token);
	expect_status(r, 201);
	char invite_token[128];
	snprintf(invite_token, sizeof(invite_token), "%s", resp_str(r, "invite_token"));
	ck_assert_str_ne(resp_str(r, "expires_at"), "");
	resp_free(r);
	r = accept(invite_token, "короткий");
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "password"));
	resp_free(r);
	r = accept(invite_token, "Пароль-менеджера-1");
	expect_status(r, 201);
	char session[128];
	snprintf(session, sizeof(session), "%s", resp_str(r, "token"));
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "user"), "id")), p.manager.id);
	ck_assert_str_ne(resp_str(r, "expires_at"), "");
	resp_free(r);
	r = http_get("/v1/me", session);
	expect_status(r, 200);
	ck_assert_str_eq(resp_str(r, "id"), p.manager.id);
	resp_free(r);
	expect_code(accept(invite_token, "Пароль-менеджера-2"), 409, "invitation_used");
	expect_code(accept("sct_not-an-invitation", "Пароль-менеджера-2"), 404, "not_found");
	/* An expired invitation says so. */
	r = invite(p.manager.id, p.owner.token);
	expect_status(r, 201);
	snprintf(invite_token, sizeof(invite_token), "%s", resp_str(r, "invite_token"));
	resp_free(r);
	sql("UPDATE invitations SET expires_at = now() - interval '1 second' WHERE org_id = $1 AND user_id = $2"
	    " AND used_at IS NULL",
	    p.org, p.manager.id);
	expect_code(accept(invite_token, "Пароль-менеджера-3"), 410, "invitation_expired");
	/* The first password still signs in; the refused ones do not. */
	r = sign_in(p.manager_email, "Пароль-менеджера-1");
	expect_status(r, 201);
	resp_free(r);
	expect_code(sign_in(p.manager_email, "Пароль-менеджера-2"), 401, "invalid_credentials");
}
END_TEST

START_TEST(sessions_sign_in_slide_and_end)
{
	struct people p;
	people("sessionco", &p);
	char first[128];
	invited(&p, "Пароль-сессии-1", first);
	/* The email is matched whatever its case; wrong email and wrong password are one answer. */
	struct resp *r = sign_in("manager@SESSIONCO.test", "Пароль-сессии-1");
	expect_status(r, 201);
	char session[128];
	snprintf(session, sizeof(session), "%s", resp_str(r, "token"));
	resp_free(r);
	expect_code(sign_in(p.manager_email, "Пароль-сессии-2"), 401, "invalid_credentials");
	expect_code(sign_in("nobody@sessionco.test", "Пароль-сессии-1"), 401, "invalid_credentials");
	r = sign_in("", "");
	expect_status(r, 422);
	resp_free(r);

	/* Sliding: a session used with less than its TTL left is moved on (at most once a minute). */
	char hash_sql[512];
	snprintf(hash_sql, sizeof(hash_sql),
		 "UPDATE api_tokens SET idle_expires_at = now() + interval '30 seconds' WHERE org_id = $1 AND user_id = $2"
		 " AND kind = 'session' AND revoked_at IS NULL AND token_hash = encode(sha256(convert_to('%s', 'UTF8')), 'hex')",
		 session);
	sql(hash_sql, p.org, p.manager.id);
	r = http_get("/v1/me", session);
	expect_status(r, 200);
	resp_free(r);
	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	char check[512];
	snprintf(check, sizeof(check),
		 "SELECT idle_expires_at > now() + interval '1 hour', expires_at > now() + interval '29 days' FROM api_tokens"
		 " WHERE token_hash = encode(sha256(convert_to('%s', 'UTF8')), 'hex')",
		 session);
	PGresult *res = PQexec(db, check);
	ck_assert_int_eq(PQntuples(res), 1);
	ck_assert_str_eq(PQgetvalue(res, 0, 0), "t");   /* moved on to now + 12 h */
	ck_assert_str_eq(PQgetvalue(res, 0, 1), "t");   /* the absolute end stays 30 days after sign-in */
	PQclear(res);
	PQfinish(db);

	/* Unused past its idle expiry, or past its absolute one: session_expired. */
	snprintf(hash_sql, sizeof(hash_sql),
		 "UPDATE api_tokens SET idle_expires_at = now() - interval '1 second' WHERE org_id = $1 AND user_id = $2"
		 " AND token_hash = encode(sha256(convert_to('%s', 'UTF8')), 'hex')",
		 session);
	sql(hash_sql, p.org, p.manager.id);
	expect_soon(session, "session_expired");
	snprintf(hash_sql, sizeof(hash_sql),
		 "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE org_id = $1 AND user_id = $2"
		 " AND token_hash = encode(sha256(convert_to('%s', 'UTF8')), 'hex')",
		 first);
	sql(hash_sql, p.org, p.manager.id);
	expect_soon(first, "session_expired");

	/* Sign-out ends the session it is sent with, and only sessions. */
	r = sign_in(p.manager_email, "Пароль-сессии-1");
	expect_status(r, 201);
	snprintf(session, sizeof(session), "%s", resp_str(r, "token"));
	resp_free(r);
	expect_code(http_call("DELETE", "/v1/sessions/current", p.manager.token, NULL, NULL), 404, "not_found");
	r = http_call("DELETE", "/v1/sessions/current", session, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	expect_code(http_get("/v1/me", session), 401, "session_ended");
	/* Sessions are not API tokens: the token list does not show them. */
	char path[128];
	snprintf(path, sizeof(path), "/v1/users/%s/tokens", p.manager.id);
	r = http_get(path, p.manager.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);
}
END_TEST

START_TEST(five_failures_throttle_the_email)
{
	struct people p;
	people("throttleco", &p);
	char session[128];
	invited(&p, "Пароль-порог-1", session);
	for (int i = 0; i < 5; i++)
		expect_code(sign_in(p.manager_email, "не-тот-пароль"), 401, "invalid_credentials");
	/* The right password is refused too until the window is over. */
	struct resp *r = sign_in(p.manager_email, "Пароль-порог-1");
	ck_assert_msg(r->status == 429 && strcmp(resp_code(r), "too_many_attempts") == 0, "%ld %s", r->status, r->body);
	ck_assert_int_gt(atoi(r->retry_after), 0);
	ck_assert_int_le(atoi(r->retry_after), 900);
	resp_free(r);
	/* An email nobody has is throttled alike, so the throttle tells nothing about which emails exist. */
	for (int i = 0; i < 5; i++)
		expect_code(sign_in("ghost@throttleco.test", "не-тот-пароль"), 401, "invalid_credentials");
	expect_code(sign_in("ghost@throttleco.test", "не-тот-пароль"), 429, "too_many_attempts");
	/* Once the window is over (moved back here), the right password works and clears the count. */
	sql("UPDATE sign_in_throttle SET since = now() - interval '16 minutes'"
	    " WHERE email_hash = encode(sha256(convert_to(lower($1), 'UTF8')), 'hex') AND $2::text = $2::text",
	    p.manager_email, "x");
	r = sign_in(p.manager_email, "Пароль-порог-1");
	expect_status(r, 201);
	resp_free(r);
	expect_code(sign_in(p.manager_email, "не-тот-пароль"), 401, "invalid_credentials");
}
END_TEST

START_TEST(passwords_change_and_are_first_set)
{
	struct people p;
	people("passwordco", &p);
	char a[128];
	invited(&p, "Пароль-смена-1", a);
	struct resp *r = sign_in(p.manager_email, "Пароль-смена-1");
	expect_status(r, 201);
	char b[128];
	snprintf(b, sizeof(b), "%s", resp_str(r, "token"));
	resp_free(r);
	record_secret("Пароль-смена-2");
	r = http_call("PUT", "/v1/me/password", a, "{\"current_password\":\"не-тот\",\"new_password\":\"Пароль-смена-2\"}", NULL);
	expect_code(r, 403, "wrong_password");
	r = http_call("PUT", "/v1/me/password", a, "{\"current_password\":\"Пароль-смена-1\",\"new_password\":\"короткий\"}",
		      NULL);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "new_password"));
	resp_free(r);
	r = http_call("PUT", "/v1/me/password", a, "{\"new_password\":\"Пароль-смена-2\"}", NULL);
	expect_status(r, 422);
	ck_assert(resp_has_error_field(r, "current_password"));
	resp_free(r);
	r = http_call("PUT", "/v1/me/password", a,
		      "{\"current_password\":\"Пароль-смена-1\",\"new_password\":\"Пароль-смена-2\"}", NULL);
	expect_status(r, 204);
	resp_free(r);
	/* The session that changed it goes on; the other ends; the old password no longer signs in. */
	r = http_get("/v1/me", a);
	expect_status(r, 200);
	resp_free(r);
	expect_code(http_get("/v1/me", b), 401, "session_ended");
	expect_code(sign_in(p.manager_email, "Пароль-смена-1"), 401, "invalid_credentials");
	r = sign_in(p.manager_email, "Пароль-смена-2");
	expect_status(r, 201);
	resp_free(r);

	/* The owner made with the organisation has no password: their token sets a first one, once. */
	record_secret("Пароль-владельца-1");
	r = http_call("PUT", "/v1/me/password", p.owner.token, "{\"current_password\":\"x\",\"new_password\":\"Пароль-владельца-1\"}",
		      NULL);
	expect_status(r, 422);
	resp_free(r);
	r = http_call("PUT", "/v1/me/password", p.owner.token, "{\"new_password\":\"Пароль-владельца-1\"}", NULL);
	expect_status(r, 204);
	resp_free(r);
	r = sign_in("owner@passwordco.test", "Пароль-владельца-1");
	expect_status(r, 201);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r->json, "user"), "role")), "owner");
	resp_free(r);
	r = http_call("PUT", "/v1/me/password", p.owner.token, "{\"new_password\":\"Пароль-владельца-2\"}", NULL);
	expect_status(r, 422);
	resp_free(r);
}
END_TEST

#define BURST 32

struct burst_sign_in {
	const char *email;
	pthread_t thread;
	struct resp *reply;
	atomic_bool answered;
};

static void *burst_sign_in_main(void *arg)
{
	struct burst_sign_in *b = arg;
	b->reply = sign_in(b->email, "burst-password-1");
	atomic_store(&b->answered, true);
	return NULL;
}

/* The pool's connections in use and the acquisitions so far, from one /metrics reply. */
static void pool_sample(long *in_use, long *acquires)
{
	struct resp *r = http_get("/metrics", NULL);
	expect_status(r, 200);
	const char *u = strstr(r->body, "\nsalesctl_db_pool_connections{state=\"in_use\"} ");
	const char *a = strstr(r->body, "\nsalesctl_db_pool_acquires_total ");
	ck_assert(u && a);
	*in_use = atol(strchr(u + 1, ' ') + 1);
	*acquires = atol(strchr(a + 1, ' ') + 1);
	resp_free(r);
}

START_TEST(a_burst_of_sign_ins_holds_no_connection_or_thread)
{
	/* A password check takes tens of milliseconds after a wait for its turn (one check per core): a sign-in that
	 * kept its connection meanwhile would let a burst hold the whole pool while every other request waits. Once all
	 * of the burst have taken a connection (to read the throttle and the password), the pool must be seen idle
	 * while some are still unanswered, that is while they are checked. */
	struct people p;
	people("burst", &p);
	char session[128];
	invited(&p, "burst-password-1", session);
	long in_use, start, acquires;
	pool_sample(&in_use, &start);
	static struct burst_sign_in b[BURST];
	for (int i = 0; i < BURST; i++) {
		b[i] = (struct burst_sign_in){.email = p.manager_email};
		pthread_create(&b[i].thread, NULL, burst_sign_in_main, &b[i]);
	}
	int samples = 0, idle = 0;
	double slowest = 0;
	for (;;) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		pool_sample(&in_use, &acquires);
		double took = seconds_since(&t0);
		slowest = took > slowest ? took : slowest;
		bool unanswered = false;
		for (int i = 0; i < BURST; i++)
			unanswered = unanswered || !atomic_load(&b[i].answered);
		if (!unanswered)
			break;
		if (acquires - start >= BURST) {
			samples++;
			idle += in_use == 0;
		}
	}
	for (int i = 0; i < BURST; i++) {
		pthread_join(b[i].thread, NULL);
		expect_status(b[i].reply, 201);
		resp_free(b[i].reply);
	}
	ck_assert_msg(idle > 0, "the pool was never idle in %d samples taken while the burst's passwords were checked",
		      samples);
	/* Nor does a check hold up the HTTP thread it came in on: the other requests it serves are answered meanwhile. */
	ck_assert_msg(slowest < 0.5, "a request waited %.2f s behind the burst's password checks", slowest);
}
END_TEST

Suite *sessions_suite(void)
{
	Suite *s = suite_create("sessions");
	TCase *t = tcase_create("sessions");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, an_invitation_sets_a_password_once);
	tcase_add_test(t, sessions_sign_in_slide_and_end);
	tcase_add_test(t, five_failures_throttle_the_email);
	tcase_add_test(t, passwords_change_and_are_first_set);
	tcase_add_test(t, a_burst_of_sign_ins_holds_no_connection_or_thread);
	suite_add_tcase(s, t);
	return s;
}
