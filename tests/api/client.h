/* A small HTTP client over libcurl for the API tests: one call, the status, the headers of interest, the body. */
#ifndef SALESCTL_TESTS_API_CLIENT_H
#define SALESCTL_TESTS_API_CLIENT_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

struct resp {
	long status;
	char *body;
	json_t *json;            /* parsed body, NULL if not JSON */
	char content_type[128];
	char etag[64];
	char allow[128];
	char retry_after[16];
	char request_id[128];
	char location[256];
	char www_authenticate[128];
	char replayed[16];
	char vary[96];
	char content_encoding[32];
	char content_language[16];
	char acao[256];           /* Access-Control-Allow-Origin */
	char acam[128];           /* Access-Control-Allow-Methods */
	char acah[256];           /* Access-Control-Allow-Headers */
	char aceh[256];           /* Access-Control-Expose-Headers */
	char acma[16];            /* Access-Control-Max-Age */
};

/* Extra request headers, NULL-terminated, e.g. {"If-Match: \"1\"", NULL}. */
struct resp *http_call(const char *method, const char *path, const char *token, const char *body,
		       const char *const *headers);
/* The same against another server (base URL such as http://127.0.0.1:8081); headers may be NULL. */
struct resp *http_call_at(const char *base, const char *method, const char *path, const char *token, const char *body,
			  const char *const *headers);
/* Sends body with chunked transfer encoding (no Content-Length). */
struct resp *http_call_chunked(const char *method, const char *path, const char *token, const char *body);
void resp_free(struct resp *r);

/* A client that keeps its connection to one server alive between calls (for load drivers); one per thread. */
struct http_session;
struct http_session *http_session_new(const char *base);
void http_session_free(struct http_session *s);
struct resp *http_session_call(struct http_session *s, const char *method, const char *path, const char *token,
			       const char *body, const char *const *headers);

/* Shorthands. */
struct resp *http_get(const char *path, const char *token);
struct resp *http_post(const char *path, const char *token, const char *body);
struct resp *http_patch(const char *path, const char *token, const char *body);

/* String field of the JSON body (borrowed), or "" */
const char *resp_str(const struct resp *r, const char *key);
/* Member key of obj as an integer, or as a number (integer or real): the calling test fails when the member is
 * missing or of another type, so that an absent figure can never read as 0. */
json_int_t json_expect_integer(const json_t *obj, const char *key);
double json_expect_number(const json_t *obj, const char *key);
/* Adds a secret (a password a test sends) to what tests/run.sh looks for in the dump and the logs. */
void record_secret(const char *secret);
/* Whether a 422's errors list names field. */
bool resp_has_error_field(const struct resp *r, const char *field);
/* The problem's code, or "". */
const char *resp_code(const struct resp *r);

const char *api_base_url(void);
/* A sample's value from the /metrics of the server at base (series: the name with its labels, as a line starts);
 * -1 when it is not there. */
long api_metric(const char *base, const char *series);
/* Seconds on the monotonic clock since t0. */
double seconds_since(const struct timespec *t0);
/* A plain TCP connection to the server under test (for raw HTTP), or -1. The caller closes it. */
int api_raw_connect(void);
const char *api_admin_token(void);

#endif
