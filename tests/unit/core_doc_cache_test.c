/* The document cache: copies in and out, replacement under one key, least-recently-used eviction by bytes, and the
 * key index with more documents than buckets. */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "salesctl/core/doc_cache.h"
#include "suites.h"

static char *get(struct doc_cache *c, const char *key)
{
	size_t len = 0;
	return doc_cache_get(c, key, &len);
}

START_TEST(stores_and_returns_copies)
{
	struct doc_cache *c = doc_cache_new(1024);
	ck_assert_ptr_null(get(c, "a"));
	char doc[] = "{\"x\":1}";
	doc_cache_put(c, "a", NULL, 0, doc, strlen(doc));
	doc[2] = 'y';
	size_t len = 0;
	char *v = doc_cache_get(c, "a", &len);
	ck_assert_str_eq(v, "{\"x\":1}");
	ck_assert_uint_eq(len, 7);
	free(v);
	doc_cache_put(c, "a", NULL, 0, "[2]", 3);
	v = get(c, "a");
	ck_assert_str_eq(v, "[2]");
	free(v);
	struct doc_cache_stats s;
	doc_cache_stats(c, &s);
	ck_assert_uint_eq(s.hits, 2);
	ck_assert_uint_eq(s.misses, 1);
	ck_assert_uint_eq(s.entries, 1);
	ck_assert_uint_eq(s.bytes, 3);
	doc_cache_free(c);
}
END_TEST

START_TEST(evicts_least_recently_used_by_bytes)
{
	struct doc_cache *c = doc_cache_new(30);
	doc_cache_put(c, "a", NULL, 0, "aaaaaaaaaa", 10);
	doc_cache_put(c, "b", NULL, 0, "bbbbbbbbbb", 10);
	doc_cache_put(c, "c", NULL, 0, "cccccccccc", 10);
	free(get(c, "a"));                        /* a is now the most recent; b the least */
	doc_cache_put(c, "d", NULL, 0, "dddddddddd", 10);
	char *b = get(c, "b"), *a = get(c, "a"), *d = get(c, "d");
	ck_assert_ptr_null(b);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(d);
	free(a);
	free(d);
	doc_cache_put(c, "huge", NULL, 0, "0123456789012345678901234567890123456789", 40);
	ck_assert_ptr_null(get(c, "huge"));
	struct doc_cache_stats s;
	doc_cache_stats(c, &s);
	ck_assert_uint_eq(s.entries, 3);
	ck_assert_uint_le(s.bytes, 30);
	doc_cache_free(c);
}
END_TEST

/* 3,000 documents under keys that share a long prefix, as KPI series do: each is found with its own text after
 * every other one is replaced and after the oldest are evicted, so chains of one bucket hold and lose entries. */
START_TEST(thousands_of_keys_share_the_index)
{
	enum { N = 3000 };
	char key[96], doc[32];
	struct doc_cache *c = doc_cache_new(N * 9);   /* every document is 9 bytes: exactly full */
	for (int i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "kpi:b0000000-0000-4000-8000-000000000001:manager:%d:2026-12-01", i);
		snprintf(doc, sizeof(doc), "[%07d]", i);
		doc_cache_put(c, key, NULL, 0, doc, strlen(doc));
	}
	for (int i = 0; i < N; i += 2) {
		snprintf(key, sizeof(key), "kpi:b0000000-0000-4000-8000-000000000001:manager:%d:2026-12-01", i);
		snprintf(doc, sizeof(doc), "{%07d}", i);
		doc_cache_put(c, key, NULL, 0, doc, strlen(doc));
	}
	/* The replacements went to the front: the odd keys are the least recent, and 100 more documents evict 100. */
	for (int i = N; i < N + 100; i++) {
		snprintf(key, sizeof(key), "extra:%d", i);
		doc_cache_put(c, key, NULL, 0, "[0000000]", 9);
	}
	int found = 0, evicted = 0;
	for (int i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "kpi:b0000000-0000-4000-8000-000000000001:manager:%d:2026-12-01", i);
		char *v = get(c, key);
		if (!v) {
			ck_assert_msg(i % 2 == 1 && i < 200, "key %d is gone", i);
			evicted++;
			continue;
		}
		snprintf(doc, sizeof(doc), i % 2 ? "[%07d]" : "{%07d}", i);
		ck_assert_str_eq(v, doc);
		free(v);
		found++;
	}
	ck_assert_int_eq(evicted, 100);
	ck_assert_int_eq(found, N - 100);
	struct doc_cache_stats st;
	doc_cache_stats(c, &st);
	ck_assert_uint_eq(st.entries, N);
	doc_cache_free(c);
}
END_TEST

struct waiter {
	struct doc_cache *cache;
	char *doc;
	bool claimed;
	atomic_int waits;   /* before_wait calls */
};

static void note_wait(void *arg)
{
	atomic_fetch_add(&((struct waiter *)arg)->waits, 1);
}

static void *wait_for_doc(void *arg)
{
	struct waiter *w = arg;
	size_t len = 0;
	w->doc = doc_cache_get_or_claim(w->cache, "k", &len, 5000, &w->claimed, note_wait, w);
	return NULL;
}

START_TEST(a_burst_computes_a_missing_document_once)
{
	struct doc_cache *c = doc_cache_new(1024);
	size_t len = 0;
	bool claimed = false;
	struct waiter first = {c, NULL, false, 0};
	ck_assert_ptr_null(doc_cache_get_or_claim(c, "k", &len, 5000, &claimed, note_wait, &first));
	ck_assert(claimed);
	ck_assert_int_eq(atomic_load(&first.waits), 0);   /* a claim does not wait */
	struct waiter w = {c, NULL, false, 0};
	pthread_t t;
	pthread_create(&t, NULL, wait_for_doc, &w);
	/* The waiter says it is about to wait; then the document comes, and it must get it, not a claim. */
	for (int i = 0; i < 5000 && atomic_load(&w.waits) == 0; i++)
		usleep(1000);
	ck_assert_int_eq(atomic_load(&w.waits), 1);
	doc_cache_put(c, "k", NULL, 0, "computed once", 13);
	pthread_join(t, NULL);
	ck_assert_str_eq(w.doc, "computed once");
	ck_assert(!w.claimed);
	free(w.doc);
	char *hit = doc_cache_get_or_claim(c, "k", &len, 5000, &claimed, note_wait, &first);
	ck_assert_str_eq(hit, "computed once");
	ck_assert_int_eq(atomic_load(&first.waits), 0);   /* nor does a hit */
	free(hit);

	/* An abandoned claim passes to a waiter. */
	ck_assert_ptr_null(doc_cache_get_or_claim(c, "other", &len, 5000, &claimed, NULL, NULL));
	ck_assert(claimed);
	struct waiter w2 = {c, NULL, false, 0};
	doc_cache_abandon(c, "other");
	size_t l2 = 0;
	w2.doc = doc_cache_get_or_claim(c, "other", &l2, 5000, &w2.claimed, note_wait, &w2);
	ck_assert_ptr_null(w2.doc);
	ck_assert(w2.claimed);
	ck_assert_int_eq(atomic_load(&w2.waits), 0);
	doc_cache_abandon(c, "other");
	doc_cache_free(c);
}
END_TEST

/* A scope's documents of an older version are retired by the first of a newer one: their keys can no longer be asked
 * for. Other scopes keep theirs; a late document of an older version is not stored. */
START_TEST(a_newer_version_retires_its_scopes_older_documents)
{
	struct doc_cache *c = doc_cache_new(1024);
	doc_cache_put(c, "o1|1|a", "o1", 1, "a1", 2);
	doc_cache_put(c, "o1|1|b", "o1", 1, "b1", 2);
	doc_cache_put(c, "o2|1|a", "o2", 1, "a1", 2);
	doc_cache_put(c, "unversioned", NULL, 0, "u", 1);
	doc_cache_put(c, "o1|2|a", "o1", 2, "a2", 2);
	struct doc_cache_stats st;
	doc_cache_stats(c, &st);
	ck_assert_uint_eq(st.entries, 3);
	ck_assert_uint_eq(st.bytes, 5);
	char *v = get(c, "o1|1|b");
	ck_assert_ptr_null(v);
	v = get(c, "o2|1|a");
	ck_assert_str_eq(v, "a1");
	free(v);
	v = get(c, "unversioned");
	ck_assert_str_eq(v, "u");
	free(v);
	/* Computed from version 1 but put after version 2's: not stored, and its claim is settled. */
	bool claimed = false;
	size_t len = 0;
	ck_assert_ptr_null(doc_cache_get_or_claim(c, "o1|1|c", &len, 0, &claimed, NULL, NULL));
	ck_assert(claimed);
	doc_cache_put(c, "o1|1|c", "o1", 1, "c1", 2);
	ck_assert_ptr_null(get(c, "o1|1|c"));
	ck_assert_ptr_null(doc_cache_get_or_claim(c, "o1|1|c", &len, 0, &claimed, NULL, NULL));
	ck_assert(claimed);
	doc_cache_abandon(c, "o1|1|c");
	v = get(c, "o1|2|a");
	ck_assert_str_eq(v, "a2");
	free(v);
	doc_cache_free(c);
}
END_TEST

/* Readers copy a document while writers replace and evict it: every copy must be one of the documents put, whole
 * (under AddressSanitizer, a copy of freed memory fails the run; a copy made after its entry's release did). */
struct churn {
	struct doc_cache *cache;
	int id;
	int bad;
};

static void *churn_run(void *arg)
{
	struct churn *ch = arg;
	char doc[4096];
	for (int i = 0; i < 20000; i++) {
		if ((i + ch->id) % 3 == 0) {
			memset(doc, 'a' + (i % 26), sizeof(doc) - 1);
			doc[sizeof(doc) - 1] = '\0';
			doc_cache_put(ch->cache, i % 2 ? "k" : "other", NULL, 0, doc, sizeof(doc) - 1);
		} else {
			size_t len = 0;
			char *v = doc_cache_get(ch->cache, "k", &len);
			if (v && (len != sizeof(doc) - 1 || strspn(v, (char[]){v[0], 0}) != len))
				ch->bad++;
			free(v);
		}
	}
	return NULL;
}

START_TEST(copies_are_whole_while_documents_are_replaced)
{
	/* Room for one document: a put replaces k or evicts it for the other key. */
	struct doc_cache *c = doc_cache_new(4096 + 100);
	pthread_t t[4];
	struct churn ch[4];
	for (int i = 0; i < 4; i++) {
		ch[i] = (struct churn){c, i, 0};
		pthread_create(&t[i], NULL, churn_run, &ch[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(ch[i].bad, 0);
	}
	doc_cache_free(c);
}
END_TEST

Suite *doc_cache_suite(void)
{
	Suite *s = suite_create("doc_cache");
	TCase *t = tcase_create("doc_cache");
	tcase_add_test(t, stores_and_returns_copies);
	tcase_add_test(t, evicts_least_recently_used_by_bytes);
	tcase_add_test(t, thousands_of_keys_share_the_index);
	tcase_add_test(t, a_burst_computes_a_missing_document_once);
	tcase_add_test(t, copies_are_whole_while_documents_are_replaced);
	tcase_add_test(t, a_newer_version_retires_its_scopes_older_documents);
	suite_add_tcase(s, t);
	return s;
}
