/* Webhooks: registration rules, real deliveries to a receiver on 127.0.0.1 that check the HMAC signature, the
 * delivery id header, and retries after a failure; and the SSRF guard at registration and at delivery. */
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "world.h"

#define SECRET "receiver-secret-0123456789"

struct received {
	char body[16384];
	char signature[128];
	char delivery[64];
};

static struct {
	pthread_mutex_t lock;
	int fail_first;      /* answer 500 to this many requests first */
	int count;
	struct received last;
} receiver = {PTHREAD_MUTEX_INITIALIZER, 0, 0, {{0}, {0}, {0}}};

struct upload {
	char body[16384];
	size_t len;
};

static enum MHD_Result on_hook(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *data, size_t *size, void **state)
{
	(void)cls, (void)url, (void)method, (void)version;
	struct upload *u = *state;
	if (!u) {
		*state = calloc(1, sizeof(*u));
		return MHD_YES;
	}
	if (*size) {
		size_t n = *size < sizeof(u->body) - 1 - u->len ? *size : sizeof(u->body) - 1 - u->len;
		memcpy(u->body + u->len, data, n);
		u->len += n;
		*size = 0;
		return MHD_YES;
	}
	pthread_mutex_lock(&receiver.lock);
	int n = ++receiver.count;
	snprintf(receiver.last.body, sizeof(receiver.last.body), "%s", u->body);
	const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Salesctl-Signature");
	const char *del = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Salesctl-Delivery");
	snprintf(receiver.last.signature, sizeof(receiver.last.signature), "%s", sig ? sig : "");
	snprintf(receiver.last.delivery, sizeof(receiver.last.delivery), "%s", del ? del : "");
	bool fail = n <= receiver.fail_first;
	pthread_mutex_unlock(&receiver.lock);
	struct MHD_Response *r = MHD_create_response_from_buffer(2, (void *)"ok", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret = MHD_queue_response(c, fail ? 500 : 200, r);
	MHD_destroy_response(r);
	return ret;
}

static void on_done(void *cls, struct MHD_Connection *c, void **state, enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	free(*state);
	*state = NULL;
}

/* A receiver on a loopback address (127.0.0.1 is the one the test instances may reach). */
static struct MHD_Daemon *receiver_start_at(uint32_t address, unsigned short *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	sa.sin_addr.s_addr = htonl(address);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, on_hook, NULL,
						MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED,
						on_done, NULL, MHD_OPTION_END);
	ck_assert_ptr_nonnull(d);
	*port = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)->port;
	return d;
}

static struct MHD_Daemon *receiver_start(unsigned short *port)
{
	return receiver_start_at(0x7f000001, port);
}

static bool wait_for(int count, int seconds)
{
	for (int i = 0; i < seconds * 10; i++) {
		pthread_mutex_lock(&receiver.lock);
		int n = receiver.count;
		pthread_mutex_unlock(&receiver.lock);
		if (n >= count)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

static void expected_signature(const char *body, char out[80])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	HMAC(EVP_sha256(), SECRET, (int)strlen(SECRET), (const unsigned char *)body, strlen(body), mac, &len);
	strcpy(out, "sha256=");
	for (unsigned int i = 0; i < len; i++)
		sprintf(out + 7 + 2 * i, "%02x", mac[i]);
}

START_TEST(signed_delivery_with_retry)
{
	struct member owner, mgr;
	char org[37];
	ck_assert_int_eq(world_org("hookco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Manager", "m@hookco.test", "manager", NULL, &mgr), 0);
	unsigned short port;
	receiver.fail_first = 1;
	struct MHD_Daemon *d = receiver_start(&port);
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"url\":\"http://127.0.0.1:%u/hook\",\"events\":[\"report.submitted\",\"alert.opened\"],\"secret\":\"%s\"}",
		 port, SECRET);
	struct resp *r = http_post("/v1/webhooks", owner.token, body);
	expect_status(r, 201);
	ck_assert_str_eq(resp_str(r, "secret"), SECRET);
	char hook[37];
	snprintf(hook, sizeof(hook), "%s", resp_str(r, "id"));
	resp_free(r);
	r = http_get("/v1/webhooks", owner.token);
	ck_assert_ptr_null(strstr(r->body, SECRET)); /* the secret is never shown again */
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 1);
	resp_free(r);

	r = http_post("/v1/daily-reports", mgr.token, "{\"date\":\"2026-03-02\",\"calls_outbound\":3}");
	expect_status(r, 201);
	char report[37];
	snprintf(report, sizeof(report), "%s", resp_str(r, "id"));
	resp_free(r);

	ck_assert_msg(wait_for(2, 20), "the receiver did not get the delivery and its retry");
	pthread_mutex_lock(&receiver.lock);
	struct received got = receiver.last;
	pthread_mutex_unlock(&receiver.lock);
	char want[80];
	expected_signature(got.body, want);
	ck_assert_str_eq(got.signature, want);
	json_t *payload = json_loads(got.body, 0, NULL);
	ck_assert_ptr_nonnull(payload);
	ck_assert_str_eq(json_string_value(json_object_get(payload, "event")), "report.submitted");
	/* The payload's id is the event's, which the feed lists too; the header names this delivery. */
	char event_id[37];
	snprintf(event_id, sizeof(event_id), "%s", json_string_value(json_object_get(payload, "id")));
	ck_assert_str_ne(event_id, got.delivery);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(payload, "data"), "id")), report);
	r = http_get("/v1/events?limit=1000", owner.token);
	expect_status(r, 200);
	bool listed = false;
	size_t k;
	json_t *ev;
	json_array_foreach(json_object_get(r->json, "items"), k, ev)
		listed = listed || (strcmp(json_string_value(json_object_get(ev, "id")), event_id) == 0 &&
				    strcmp(json_string_value(json_object_get(ev, "event")), "report.submitted") == 0);
	ck_assert_msg(listed, "event %s is not in the feed: %s", event_id, r->body);
	resp_free(r);
	ck_assert(json_is_string(json_object_get(payload, "created_at")));
	json_decref(payload);

	char path[128];
	snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries", hook);
	json_t *del = NULL;
	for (int i = 0; i < 30; i++) { /* the worker records the attempt just after the answer */
		r = http_get(path, owner.token);
		expect_status(r, 200);
		del = json_deep_copy(json_array_get(json_object_get(r->json, "items"), 0));
		resp_free(r);
		if (strcmp(json_string_value(json_object_get(del, "status")), "delivered") == 0)
			break;
		json_decref(del);
		del = NULL;
		usleep(100 * 1000);
	}
	ck_assert_ptr_nonnull(del);
	ck_assert_int_eq(json_expect_integer(del, "attempts"), 2);
	ck_assert_int_eq(json_expect_integer(del, "last_status"), 200);
	ck_assert_str_eq(json_string_value(json_object_get(del, "id")), got.delivery);
	json_decref(del);
	MHD_stop_daemon(d);
}
END_TEST

START_TEST(registration_rules)
{
	struct resp *r = http_post("/v1/webhooks", W.owner_a.token,
				   "{\"url\":\"ftp://example.test/x\",\"events\":[\"alert.opened\",\"sale.made\",\"alert.opened\"],"
				   "\"secret\":\"short\",\"extra\":1}");
	expect_status(r, 422);
	const char *fields[] = {"url", "events[1]", "events[2]", "secret", "extra"};
	for (size_t i = 0; i < 5; i++)
		ck_assert_msg(resp_has_error_field(r, fields[i]), "no error for %s: %s", fields[i], r->body);
	resp_free(r);
	r = http_post("/v1/webhooks", W.owner_a.token, "{\"url\":\"https://hooks.example.test/x\",\"events\":[]}");
	expect_status(r, 422);
	resp_free(r);
	r = http_post("/v1/webhooks", W.head1.token, "{\"url\":\"https://hooks.example.test/x\",\"events\":[\"alert.opened\"]}");
	expect_status(r, 403);
	resp_free(r);
	r = http_post("/v1/webhooks", W.owner_a.token, "{\"url\":\"https://hooks.example.test/x\",\"events\":[\"alert.opened\"]}");
	expect_status(r, 201);
	ck_assert_int_eq(strlen(resp_str(r, "secret")), 64); /* generated */
	char path[128], deliveries[160];
	snprintf(path, sizeof(path), "/v1/webhooks/%s", resp_str(r, "id"));
	snprintf(deliveries, sizeof(deliveries), "%s/deliveries", path);
	resp_free(r);
	const struct member *blind[] = {&W.head1, &W.m1, &W.owner_b};
	for (size_t i = 0; i < 3; i++) {
		r = http_get(deliveries, blind[i]->token);
		expect_status(r, 404);
		resp_free(r);
		r = http_call("DELETE", path, blind[i]->token, NULL, NULL);
		expect_status(r, 404);
		resp_free(r);
	}
	r = http_call("DELETE", path, W.owner_a.token, NULL, NULL);
	expect_status(r, 204);
	resp_free(r);
	r = http_call("DELETE", path, W.owner_a.token, NULL, NULL);
	expect_status(r, 404);
	resp_free(r);
}
END_TEST

/* A server without SALESCTL_SECRET_KEY (the third test instance) says what is missing, with a status clients do not
 * retry. */
START_TEST(without_a_secret_key_webhooks_are_not_configured)
{
	const char *base = getenv("SALESCTL_TEST_URL_LIMITED");
	ck_assert_ptr_nonnull(base);
	struct resp *r = http_call_at(base, "POST", "/v1/webhooks", W.owner_a.token,
				      "{\"url\":\"https://hooks.example.test/x\",\"events\":[\"alert.opened\"]}", NULL);
	ck_assert_msg(r->status == 501 && strcmp(resp_code(r), "not_configured") == 0, "%ld %s", r->status, r->body);
	ck_assert_ptr_nonnull(strstr(r->body, "SALESCTL_SECRET_KEY"));
	ck_assert_str_eq(r->retry_after, "");
	resp_free(r);
}
END_TEST

/* SSRF: the test instances allow 127.0.0.1 (where the receivers listen) and nothing else that is not public, as
 * SALESCTL_WEBHOOK_ALLOW_PRIVATE=127.0.0.1 says; every other internal address, in every spelling, is refused. */
START_TEST(internal_addresses_are_refused_at_registration)
{
	struct member owner;
	char org[37];
	ck_assert_int_eq(world_org("ssrfco", org, &owner), 0);
	const char *urls[] = {
		"http://127.0.0.2:8080/", "http://[::1]/", "http://10.0.0.1/", "http://192.168.0.10/hook",
		"http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
		"http://2130706434/", "http://127.2/", "http://0x7f.0.0.2/", "http://[::ffff:127.0.0.2]/",
		"http://[::ffff:10.0.0.1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://0.0.0.0:5432/",
		"http://localhost:5432/", "http://db.internal/", "http:///etc/passwd", "http://hooks.example.test/x\\r\\nX-Evil: 1",
		"http://admin:secret@hooks.example.test/", "file:///etc/passwd",
	};
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		char body[512];
		snprintf(body, sizeof(body), "{\"url\":\"%s\",\"events\":[\"alert.opened\"]}", urls[i]);
		struct resp *r = http_post("/v1/webhooks", owner.token, body);
		ck_assert_msg(r->status == 422 && resp_has_error_field(r, "url"), "%s: %ld %s", urls[i], r->status, r->body);
		resp_free(r);
	}
	struct resp *r = http_get("/v1/webhooks", owner.token);
	expect_status(r, 200);
	ck_assert_uint_eq(json_array_size(json_object_get(r->json, "items")), 0);
	resp_free(r);
}
END_TEST

/* A URL that points elsewhere by the time of delivery (DNS rebinding, or an address changed behind the API's back:
 * here the row is rewritten in PostgreSQL) is checked again: nothing is sent, and the delivery log says why in
 * salesctld's words. A receiver listens on that address to prove that nothing reached it. */
START_TEST(delivery_checks_the_address_again)
{
	struct member owner, mgr;
	char org[37];
	ck_assert_int_eq(world_org("rebindco", org, &owner), 0);
	ck_assert_int_eq(world_user(&owner, "Manager", "m@rebindco.test", "manager", NULL, &mgr), 0);
	unsigned short port;
	struct MHD_Daemon *d = receiver_start_at(0x7f000002, &port);
	char body[256];
	snprintf(body, sizeof(body), "{\"url\":\"http://127.0.0.1:%u/hook\",\"events\":[\"report.submitted\"]}", port);
	struct resp *r = http_post("/v1/webhooks", owner.token, body);
	expect_status(r, 201);
	char hook[37], url[96];
	snprintf(hook, sizeof(hook), "%s", resp_str(r, "id"));
	resp_free(r);
	snprintf(url, sizeof(url), "http://127.0.0.2:%u/hook", port);
	PGconn *db = PQconnectdb(getenv("SALESCTL_TEST_DATABASE_URL"));
	ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
	const char *params[] = {url, org, hook};
	PGresult *res = PQexecParams(db, "UPDATE webhooks SET url = $1 WHERE org_id = $2 AND id = $3", 3, NULL, params,
				     NULL, NULL, 0);
	ck_assert_str_eq(PQcmdTuples(res), "1");
	PQclear(res);
	PQfinish(db);

	r = http_post("/v1/daily-reports", mgr.token, "{\"date\":\"2026-03-02\"}");
	expect_status(r, 201);
	resp_free(r);
	char path[128];
	snprintf(path, sizeof(path), "/v1/webhooks/%s/deliveries", hook);
	const char *error = NULL;
	json_t *del = NULL;
	for (int i = 0; i < 100 && !error; i++) {
		r = http_get(path, owner.token);
		json_decref(del);
		del = json_deep_copy(json_array_get(json_object_get(r->json, "items"), 0));
		resp_free(r);
		error = json_string_value(json_object_get(del, "last_error"));
		if (!error)
			usleep(100 * 1000);
	}
	ck_assert_msg(error != NULL, "no refused attempt was recorded (was it delivered?)");
	ck_assert_msg(strstr(error, "not sent") && strstr(error, "non-public"), "last_error: %s", error);
	ck_assert_int_eq(json_expect_integer(del, "attempts"), 1);
	ck_assert(json_is_null(json_object_get(del, "last_status")));
	json_decref(del);
	pthread_mutex_lock(&receiver.lock);
	ck_assert_int_eq(receiver.count, 0);
	pthread_mutex_unlock(&receiver.lock);
	MHD_stop_daemon(d);
}
END_TEST

Suite *webhooks_suite(void)
{
	Suite *s = suite_create("webhooks");
	TCase *t = tcase_create("webhooks");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, signed_delivery_with_retry);
	tcase_add_test(t, registration_rules);
	tcase_add_test(t, internal_addresses_are_refused_at_registration);
	tcase_add_test(t, without_a_secret_key_webhooks_are_not_configured);
	tcase_add_test(t, delivery_checks_the_address_again);
	suite_add_tcase(s, t);
	return s;
}
