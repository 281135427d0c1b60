/* src/http/i18n.c and the Russian problem titles: every text the service raises has its Russian, and every Russian
 * format takes the same arguments as its English. The texts raised are found by reading the sources: each string
 * literal given as the message of reply_problem, reply_problemf, reply_invalid_field, field_errors_add(_text),
 * problem_render, hygiene's refuse, api/auth.c's 401s and the reasons of net/egress.c. A new English text without its Russian fails
 * here. */
#include <glob.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/http/i18n.h"
#include "salesctl/http/problem.h"
#include "suites.h"

static bool has_cyrillic(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == 0xD0 || *p == 0xD1)
			return true;
	return false;
}

/* The conversions of a printf format, as their letters with length modifiers ("lld,s,"); %% is not one. */
static void conversions(const char *fmt, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		while (*p && strchr("-+ #0123456789.*", *p))
			p++;
		while (*p && strchr("hlLqjzt", *p) && n + 2 < size)
			out[n++] = *p++;
		if (*p && n + 2 < size) {
			out[n++] = *p;
			out[n++] = ',';
		}
		out[n] = '\0';
		if (!*p)
			break;
	}
}

START_TEST(every_problem_has_a_russian_title)
{
	for (int p = 0; p < PROBLEM__COUNT; p++) {
		const struct problem_info *pi = problem_info((enum problem)p);
		ck_assert_msg(pi->title_ru && has_cyrillic(pi->title_ru), "%s has no Russian title", pi->code);
	}
}
END_TEST

START_TEST(every_entry_keeps_its_arguments)
{
	size_t n;
	const struct i18n_entry *c = i18n_catalogue(&n);
	ck_assert_uint_gt(n, 100);
	for (size_t i = 0; i < n; i++) {
		char en[64], ru[64];
		conversions(c[i].en, en, sizeof(en));
		conversions(c[i].ru, ru, sizeof(ru));
		ck_assert_msg(strcmp(en, ru) == 0, "\"%s\" takes %s, its Russian %s", c[i].en, en, ru);
		ck_assert_msg(has_cyrillic(c[i].ru), "\"%s\" is not Russian", c[i].ru);
		for (size_t j = i + 1; j < n; j++)
			ck_assert_msg(strcmp(c[i].en, c[j].en) != 0, "\"%s\" twice", c[i].en);
	}
	ck_assert_str_eq(i18n_text(LANG_RU, "is required"), "обязательное поле");
	ck_assert_str_eq(i18n_text(LANG_EN, "is required"), "is required");
	ck_assert_str_eq(i18n_text(LANG_RU, "not in the catalogue"), "not in the catalogue");
}
END_TEST

/* Where a raised text is written: after `pattern`, as the argument numbered `arg` (0: right after it). */
static const struct {
	const char *pattern;
	int arg;
} raisers[] = {
	{"reply_problem(", 2},  {"reply_problemf(", 2},       {"reply_invalid_field(", 2}, {"field_errors_add(", 3},
	{"problem_render(", 2}, {"field_errors_add_text(", 3}, {"refuse(", 2},              {"*why = ", 0},
	{"refused_address[] =", 0}, {"unauthorized(", 1}, {"problem_unauthorized(", 2},
};

/* Reads a C string literal at *p (at its opening quote) into out; returns the position after it. */
static const char *read_literal(const char *p, char *out, size_t *len, size_t size)
{
	for (p++; *p && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			c = *++p;
			c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		}
		if (*len + 1 < size)
			out[(*len)++] = c;
	}
	out[*len] = '\0';
	return *p ? p + 1 : p;
}

/* Checks every text raised in one source file; returns how many it found. */
static size_t check_file(const char *path)
{
	char *src = test_slurp(path);
	size_t found = 0;
	for (size_t r = 0; r < sizeof(raisers) / sizeof(raisers[0]); r++) {
		for (const char *at = strstr(src, raisers[r].pattern); at; at = strstr(at + 1, raisers[r].pattern)) {
			const char *p = at + strlen(raisers[r].pattern);
			int arg = 0, depth = 0;
			/* Walk to the argument; then every run of adjacent literals in it is one text. */
			char text[512];
			size_t len = 0;
			bool in_run = false;
			for (; *p && *p != ';'; p++) {
				if (*p == '"') {
					if (arg == raisers[r].arg) {
						if (!in_run)
							len = 0;
						p = read_literal(p, text, &len, sizeof(text)) - 1;
						in_run = true;
						continue;
					}
					char skip[512];
					size_t n = 0;
					p = read_literal(p, skip, &n, sizeof(skip)) - 1;
					continue;
				}
				if (*p == ' ' || *p == '\t' || *p == '\n')
					continue;
				if (in_run) {
					found++;
					ck_assert_msg(i18n_ru(text) != NULL, "%s: \"%s\" has no Russian in http/i18n.c", path, text);
					in_run = false;
				}
				if (*p == '(' || *p == '[' || *p == '{')
					depth++;
				else if ((*p == ')' || *p == ']' || *p == '}') && depth-- == 0)
					break;
				else if (*p == ',' && depth == 0 && ++arg > raisers[r].arg)
					break;
			}
			if (in_run) {
				found++;
				ck_assert_msg(i18n_ru(text) != NULL, "%s: \"%s\" has no Russian in http/i18n.c", path, text);
			}
		}
	}
	free(src);
	return found;
}

START_TEST(every_raised_text_has_its_russian)
{
	glob_t g;
	ck_assert_int_eq(glob("src/*/*.c", 0, NULL, &g), 0);
	size_t texts = 0;
	for (size_t i = 0; i < g.gl_pathc; i++)
		texts += check_file(g.gl_pathv[i]);
	globfree(&g);
	/* The scan itself must find the texts, or this test proves nothing. */
	ck_assert_uint_gt(texts, 120);
}
END_TEST

Suite *i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *t = tcase_create("i18n");
	tcase_add_test(t, every_problem_has_a_russian_title);
	tcase_add_test(t, every_entry_keeps_its_arguments);
	tcase_add_test(t, every_raised_text_has_its_russian);
	suite_add_tcase(s, t);
	return s;
}
