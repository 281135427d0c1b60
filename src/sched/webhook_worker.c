/* The webhook delivery worker (see the header for the design). */
#include "salesctl/sched/webhook_worker.h"
#include "salesctl/core/clock.h"
#include "salesctl/auth/secretbox.h"
#include "salesctl/auth/signature.h"
#include "salesctl/core/log.h"
#include "salesctl/store/webhooks.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CLAIM_BATCH 20
#define LEASE_S 60
#define TIMEOUT_S 10

struct webhook_worker {
	struct db_pool_options opt;
	int backoff_s;
	unsigned char key[SECRETBOX_KEY_LEN];
	struct egress_policy policy;
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
};

static size_t discard(char *ptr, size_t size, size_t n, void *ud)
{
	(void)ptr;
	(void)ud;
	return size * n;
}

/* POSTs one delivery to the address its URL was checked against; returns the HTTP status (0 when none arrived) and
 * fills error on failure. The error names what failed in salesctld's words (refused, unresolved, libcurl's error
 * class, the status): never the receiver's answer, so the delivery log cannot be used to read internal services. */
static long deliver(CURL *curl, const struct egress_policy *policy, const char *url, const char *id,
		    const char *secret, const char *payload, char *error, size_t error_size)
{
	struct egress_target target;
	const char *why = NULL;
	char pin[400];
	if (!egress_url_parse(url, &target, &why) ||
	    egress_resolve(policy, &target, pin, sizeof(pin), &why) != EGRESS_OK) {
		snprintf(error, error_size, "not sent: the URL %s", why);
		return 0;
	}
	char sig[SIGNATURE_HEX], h_sig[96], h_id[96];
	if (webhook_signature(secret, payload, strlen(payload), sig) != 0) {
		snprintf(error, error_size, "not sent: signing failed");
		return 0;
	}
	snprintf(h_sig, sizeof(h_sig), "X-Salesctl-Signature: sha256=%s", sig);
	snprintf(h_id, sizeof(h_id), "X-Salesctl-Delivery: %s", id);
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, h_sig);
	h = curl_slist_append(h, h_id);
	h = curl_slist_append(h, "User-Agent: salesctl-webhooks/1");
	h = curl_slist_append(h, "Expect:");
	struct curl_slist *resolve = pin[0] ? curl_slist_append(NULL, pin) : NULL;
	curl_easy_reset(curl);
	curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
	/* No redirects (libcurl's default, said aloud): a 3xx to an internal address must not be followed. */
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
	/* Straight to the checked address: a proxy from the environment would resolve the name again. */
	curl_easy_setopt(curl, CURLOPT_PROXY, "");
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(payload));
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)TIMEOUT_S);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	long status = 0;
	CURLcode rc = curl_easy_perform(curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	else
		snprintf(error, error_size, "%s", curl_easy_strerror(rc));
	if (rc == CURLE_OK && (status < 200 || status > 299))
		snprintf(error, error_size, "receiver answered %ld", status);
	curl_slist_free_all(h);
	curl_slist_free_all(resolve);
	return status;
}

/* Returns true when asked to stop. */
static bool worker_wait(struct webhook_worker *w, int seconds)
{
	struct timespec until = monotonic_after_ms(seconds * 1000L);
	pthread_mutex_lock(&w->lock);
	while (!w->stopping && pthread_cond_timedwait(&w->wake, &w->lock, &until) == 0)
		;
	bool stop = w->stopping;
	pthread_mutex_unlock(&w->lock);
	return stop;
}

static bool worker_stopping(struct webhook_worker *w)
{
	pthread_mutex_lock(&w->lock);
	bool stop = w->stopping;
	pthread_mutex_unlock(&w->lock);
	return stop;
}

static void *worker_main(void *arg)
{
	struct webhook_worker *w = arg;
	struct db_conn *c = NULL;
	CURL *curl = curl_easy_init();
	while (!worker_wait(w, 1)) {
		if (!c)
			c = db_conn_open(&w->opt);
		if (!c || !curl)
			continue;
		struct webhook_claim *claims = NULL;
		size_t n = 0;
		store_webhook_claim(c, CLAIM_BATCH, LEASE_S, &claims, &n);
		for (size_t i = 0; i < n && !worker_stopping(w); i++) {
			char error[256] = "";
			const char *org = claims[i].org_id, *id = claims[i].id;
			char *secret = secretbox_open(w->key, claims[i].secret);
			long status = 0;
			if (secret)
				status = deliver(curl, &w->policy, claims[i].url, id, secret, claims[i].payload, error,
						 sizeof(error));
			else
				snprintf(error, sizeof(error), "cannot unseal the webhook secret (SALESCTL_SECRET_KEY)");
			free(secret);
			bool ok = status >= 200 && status <= 299;
			log_event(ok ? LOG_INFO : LOG_WARN, "webhook.delivery", "delivery %s: %s", id, ok ? "delivered" : error);
			store_webhook_record(c, org, id, ok, status, ok ? NULL : error, w->backoff_s);
		}
		store_webhook_claims_free(claims, n);
	}
	if (curl)
		curl_easy_cleanup(curl);
	db_conn_close(c);
	return NULL;
}

struct webhook_worker *webhook_worker_new(const struct db_pool_options *opt, int backoff_s, const unsigned char *key,
					  const struct egress_policy *policy)
{
	struct webhook_worker *w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->opt = *opt;
	w->backoff_s = backoff_s;
	w->policy = *policy;
	memcpy(w->key, key, sizeof(w->key));
	pthread_mutex_init(&w->lock, NULL);
	cond_init_monotonic(&w->wake);
	return w;
}

int webhook_worker_start(struct webhook_worker *w)
{
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		log_event(LOG_ERROR, "webhook", "cannot start the delivery worker");
		return -1;
	}
	w->started = true;
	return 0;
}

void webhook_worker_free(struct webhook_worker *w)
{
	if (!w)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->lock);
		w->stopping = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}
