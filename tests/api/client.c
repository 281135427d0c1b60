/* libcurl wrapper used by every API test. The server's address comes from SALESCTL_TEST_URL (set by tests/run.sh). */
#include "client.h"
#include "contract.h"

#include <arpa/inet.h>
#include <check.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

const char *api_base_url(void)
{
	const char *u = getenv("SALESCTL_TEST_URL");
	return u ? u : "http://127.0.0.1:8080";
}

int api_raw_connect(void)
{
	const char *colon = strrchr(api_base_url(), ':');
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)(colon ? atoi(colon + 1) : 80))};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

const char *api_admin_token(void)
{
	const char *t = getenv("SALESCTL_TEST_ADMIN_TOKEN");
	return t ? t : "";
}

struct sink {
	char *data;
	size_t len;
};

static size_t body_sink(char *ptr, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t add = size * n;
	char *p = realloc(s->data, s->len + add + 1);
	if (!p)
		return 0;
	memcpy(p + s->len, ptr, add);
	s->data = p;
	s->len += add;
	s->data[s->len] = '\0';
	return add;
}

static void header_copy(const char *line, size_t len, const char *name, char *out, size_t size)
{
	size_t nl = strlen(name);
	if (len <= nl + 1 || strncasecmp(line, name, nl) != 0 || line[nl] != ':')
		return;
	const char *v = line + nl + 1;
	while (*v == ' ')
		v++;
	size_t vl = len - (size_t)(v - line);
	while (vl && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
		vl--;
	if (vl >= size)
		vl = size - 1;
	memcpy(out, v, vl);
	out[vl] = '\0';
}

static size_t header_sink(char *ptr, size_t size, size_t n, void *ud)
{
	struct resp *r = ud;
	size_t len = size * n;
	header_copy(ptr, len, "Content-Type", r->content_type, sizeof(r->content_type));
	header_copy(ptr, len, "ETag", r->etag, sizeof(r->etag));
	header_copy(ptr, len, "Allow", r->allow, sizeof(r->allow));
	header_copy(ptr, len, "Retry-After", r->retry_after, sizeof(r->retry_after));
	header_copy(ptr, len, "X-Request-Id", r->request_id, sizeof(r->request_id));
	header_copy(ptr, len, "Location", r->location, sizeof(r->location));
	header_copy(ptr, len, "WWW-Authenticate", r->www_authenticate, sizeof(r->www_authenticate));
	header_copy(ptr, len, "Idempotent-Replayed", r->replayed, sizeof(r->replayed));
	header_copy(ptr, len, "Vary", r->vary, sizeof(r->vary));
	header_copy(ptr, len, "Content-Encoding", r->content_encoding, sizeof(r->content_encoding));
	header_copy(ptr, len, "Content-Language", r->content_language, sizeof(r->content_language));
	header_copy(ptr, len, "Access-Control-Allow-Origin", r->acao, sizeof(r->acao));
	header_copy(ptr, len, "Access-Control-Allow-Methods", r->acam, sizeof(r->acam));
	header_copy(ptr, len, "Access-Control-Allow-Headers", r->acah, sizeof(r->acah));
	header_copy(ptr, len, "Access-Control-Expose-Headers", r->aceh, sizeof(r->aceh));
	header_copy(ptr, len, "Access-Control-Max-Age", r->acma, sizeof(r->acma));
	return len;
}

/* Every token, session, invitation and webhook secret the API hands out, and every password a test sends, is written
 * to SALESCTL_TEST_SECRETS_FILE, so that tests/run.sh can check that none of them is in a database dump or a log. */
void record_secret(const char *secret)
{
	const char *path = getenv("SALESCTL_TEST_SECRETS_FILE");
	/* Too short to be a secret (an empty password a test sends on purpose) would match every line. */
	FILE *f = path && secret && strlen(secret) >= 6 ? fopen(path, "a") : NULL;
	if (f) {
		fprintf(f, "%s\n", secret);
		fclose(f);
	}
}

static void record_secrets(const json_t *json)
{
	const char *keys[] = {"token", "secret", "invite_token"};
	for (size_t i = 0; json_is_object(json) && i < 3; i++)
		record_secret(json_string_value(json_object_get(json, keys[i])));
}

struct upload {
	const char *data;
	size_t len, off;
};

static size_t upload_source(char *buf, size_t size, size_t n, void *ud)
{
	struct upload *u = ud;
	size_t want = size * n, left = u->len - u->off;
	if (want > left)
		want = left;
	if (want > 4096)
		want = 4096;
	memcpy(buf, u->data + u->off, want);
	u->off += want;
	return want;
}

/* One request on handle `session` (keeping its connection alive) or, when NULL, on a handle of its own. */
static struct resp *call_on(CURL *session, const char *base, const char *method, const char *path, const char *token,
			    const char *body, const char *const *headers, bool chunked)
{
	struct resp *r = calloc(1, sizeof(*r));
	struct sink s = {0};
	struct upload up = {body, body ? strlen(body) : 0, 0};
	char url[1024], auth[512];
	CURL *c = session ? session : curl_easy_init();
	if (session)
		curl_easy_reset(session);
	struct curl_slist *h = NULL;
	snprintf(url, sizeof(url), "%s%s", base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, body_sink);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_sink);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	/* Like a browser: accept gzip and decode it, so that every large reply of the suite goes through compression. */
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (token) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	bool custom_type = false;
	for (const char *const *p = headers; p && *p; p++)
		custom_type = custom_type || strncasecmp(*p, "Content-Type:", 13) == 0;
	if (body) {
		if (!custom_type)
			h = curl_slist_append(h, "Content-Type: application/json");
		if (chunked) {
			h = curl_slist_append(h, "Transfer-Encoding: chunked");
			curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
			curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_source);
			curl_easy_setopt(c, CURLOPT_READDATA, &up);
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
		} else {
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
			curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		}
	}
	for (const char *const *p = headers; p && *p; p++)
		h = curl_slist_append(h, *p);
	h = curl_slist_append(h, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	else
		r->status = -1;
	curl_slist_free_all(h);
	if (!session)
		curl_easy_cleanup(c);
	r->body = s.data ? s.data : strdup("");
	r->json = json_loads(r->body, 0, NULL);
	record_secrets(r->json);
	contract_record(method, path, r);
	return r;
}

static struct resp *call(const char *base, const char *method, const char *path, const char *token, const char *body,
			 const char *const *headers, bool chunked)
{
	return call_on(NULL, base, method, path, token, body, headers, chunked);
}

struct http_session {
	CURL *curl;
	char base[256];
};

struct http_session *http_session_new(const char *base)
{
	struct http_session *s = calloc(1, sizeof(*s));
	s->curl = curl_easy_init();
	snprintf(s->base, sizeof(s->base), "%s", base);
	return s;
}

void http_session_free(struct http_session *s)
{
	if (!s)
		return;
	curl_easy_cleanup(s->curl);
	free(s);
}

struct resp *http_session_call(struct http_session *s, const char *method, const char *path, const char *token,
			       const char *body, const char *const *headers)
{
	return call_on(s->curl, s->base, method, path, token, body, headers, false);
}

struct resp *http_call(const char *method, const char *path, const char *token, const char *body,
		       const char *const *headers)
{
	return call(api_base_url(), method, path, token, body, headers, false);
}

struct resp *http_call_at(const char *base, const char *method, const char *path, const char *token, const char *body,
			  const char *const *headers)
{
	return call(base, method, path, token, body, headers, false);
}

struct resp *http_call_chunked(const char *method, const char *path, const char *token, const char *body)
{
	return call(api_base_url(), method, path, token, body, NULL, true);
}

void resp_free(struct resp *r)
{
	if (!r)
		return;
	json_decref(r->json);
	free(r->body);
	free(r);
}

struct resp *http_get(const char *path, const char *token)
{
	return http_call("GET", path, token, NULL, NULL);
}

struct resp *http_post(const char *path, const char *token, const char *body)
{
	return http_call("POST", path, token, body, NULL);
}

struct resp *http_patch(const char *path, const char *token, const char *body)
{
	return http_call("PATCH", path, token, body, NULL);
}

const char *resp_str(const struct resp *r, const char *key)
{
	const char *v = json_string_value(json_object_get(r->json, key));
	return v ? v : "";
}

bool resp_has_error_field(const struct resp *r, const char *field)
{
	json_t *errs = json_object_get(r->json, "errors");
	size_t i;
	json_t *e;
	json_array_foreach(errs, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		if (f && strcmp(f, field) == 0)
			return true;
	}
	return false;
}

const char *resp_code(const struct resp *r)
{
	return resp_str(r, "code");
}

double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

long api_metric(const char *base, const char *series)
{
	char line[256];
	snprintf(line, sizeof(line), "\n%s ", series);
	struct resp *r = http_call_at(base, "GET", "/metrics", NULL, NULL, NULL);
	const char *p = r->status == 200 ? strstr(r->body, line) : NULL;
	long v = p ? atol(p + strlen(line)) : -1;
	resp_free(r);
	return v;
}

json_int_t json_expect_integer(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	ck_assert_msg(json_is_integer(v), "member %s is %s, not an integer", key, v ? "of another type" : "missing");
	return json_integer_value(v);
}

double json_expect_number(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	ck_assert_msg(json_is_number(v), "member %s is %s, not a number", key, v ? "of another type" : "missing");
	return json_number_value(v);
}
