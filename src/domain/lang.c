/* Language negotiation and the Russian plural rule. */
#include "salesctl/domain/lang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The language a range names, or -1: "ru", "ru-RU" …, "en", "en-GB" …, "*". */
static int range_lang(const char *s, size_t n)
{
	if (n == 1 && s[0] == '*')
		return LANG_EN;
	if (n < 2 || (n > 2 && s[2] != '-'))
		return -1;
	if (strncasecmp(s, "ru", 2) == 0)
		return LANG_RU;
	if (strncasecmp(s, "en", 2) == 0)
		return LANG_EN;
	return -1;
}

/* The q of a range's parameters (";q=0.5"); 1 when absent, 0 when malformed. */
static double range_q(const char *params, size_t n)
{
	const char *q = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if ((params[i] == 'q' || params[i] == 'Q') && params[i + 1] == '=')
			q = params + i + 2;
	if (!q)
		return 1.0;
	char *end;
	double v = strtod(q, &end);
	return end == q || v < 0 || v > 1 ? 0 : v;
}

enum lang lang_negotiate(const char *accept_language)
{
	enum lang best = LANG_EN;
	double best_q = 0;
	for (const char *p = accept_language ? accept_language : ""; *p;) {
		size_t item = strcspn(p, ",");
		while (item && isspace((unsigned char)*p)) {
			p++;
			item--;
		}
		size_t tag = strcspn(p, ";, \t");
		if (tag > item)
			tag = item;
		int l = range_lang(p, tag);
		double q = range_q(p + tag, item - tag);
		if (l >= 0 && q > best_q) {
			best = (enum lang)l;
			best_q = q;
		}
		p += item;
		if (*p == ',')
			p++;
	}
	return best;
}

const char *lang_tag(enum lang l)
{
	return l == LANG_RU ? "ru" : "en";
}

const char *ru_plural(long long n, const char *one, const char *few, const char *many)
{
	long long m = llabs(n) % 100, d = m % 10;
	if (m >= 11 && m <= 14)
		return many;
	if (d == 1)
		return one;
	if (d >= 2 && d <= 4)
		return few;
	return many;
}
