/*
 * The egress policy (see the header for the design). Address classes follow the IANA special-purpose registries for
 * IPv4 and IPv6: an address is public only when it is none of them; IPv6 must be global unicast (2000::/3), and the
 * IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
 */
#include "salesctl/net/egress.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct v4_block {
	uint32_t net;
	int bits;
};

/* Not public: this network, private, carrier-grade NAT, loopback, link-local, IETF protocol assignments,
 * documentation, 6to4 relay, benchmarking, multicast, reserved and broadcast. */
static const struct v4_block v4_special[] = {
	{0x00000000, 8}, {0x0A000000, 8}, {0x64400000, 10}, {0x7F000000, 8}, {0xA9FE0000, 16}, {0xAC100000, 12},
	{0xC0000000, 24}, {0xC0000200, 24}, {0xC0586300, 24}, {0xC0A80000, 16}, {0xC6120000, 15}, {0xC6336400, 24},
	{0xCB007100, 24}, {0xE0000000, 4}, {0xF0000000, 4},
};

static bool v4_public(uint32_t a)
{
	for (size_t i = 0; i < sizeof(v4_special) / sizeof(v4_special[0]); i++) {
		uint32_t mask = 0xFFFFFFFFu << (32 - v4_special[i].bits);
		if ((a & mask) == v4_special[i].net)
			return false;
	}
	return true;
}

static uint32_t v4_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool v6_public(const uint8_t *a)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
	static const uint8_t nat64[12] = {0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0};
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0)
		return v4_public(v4_at(a + 12));
	if (a[0] == 0x20 && a[1] == 0x02)                      /* 6to4: 2002:AABB:CCDD::/48 */
		return v4_public(v4_at(a + 2));
	if ((a[0] & 0xE0) != 0x20)                             /* not global unicast 2000::/3 */
		return false;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) /* documentation 2001:db8::/32 */
		return false;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0)        /* Teredo 2001::/32 */
		return false;
	return true;
}

bool egress_address_public(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return v4_public(ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6)
		return v6_public(((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr);
	return false;
}

static bool same_address(const struct sockaddr *a, const struct sockaddr_storage *b)
{
	if (a->sa_family != b->ss_family)
		return false;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)(const void *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		      &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr, sizeof(struct in6_addr)) == 0;
}

bool egress_address_allowed(const struct egress_policy *p, const struct sockaddr *sa)
{
	if (p->any_private || egress_address_public(sa))
		return true;
	for (size_t i = 0; i < p->nallowed; i++)
		if (same_address(sa, &p->allowed[i]))
			return true;
	return false;
}

/* Parses a numeric address (IPv6 without brackets) into ss; false when it is not one. */
static bool address_parse(const char *text, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)ss;
	if (inet_pton(AF_INET, text, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		return true;
	}
	return false;
}

int egress_policy_parse(const char *spec, struct egress_policy *out)
{
	memset(out, 0, sizeof(*out));
	if (strcmp(spec, "*") == 0) {
		out->any_private = true;
		return 0;
	}
	char copy[1024];
	if (strlen(spec) >= sizeof(copy))
		return -1;
	snprintf(copy, sizeof(copy), "%s", spec);
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		while (*item == ' ')
			item++;
		item[strcspn(item, " ")] = '\0';
		if (!*item)
			continue;
		if (out->nallowed == EGRESS_MAX_ALLOWED || !address_parse(item, &out->allowed[out->nallowed]))
			return -1;
		out->nallowed++;
	}
	return 0;
}

/* Copies part of u into out (cap bytes); false when the part is absent or too long. */
static bool url_part(CURLU *u, CURLUPart part, unsigned flags, char *out, size_t cap)
{
	char *v = NULL;
	if (curl_url_get(u, part, &v, flags) != CURLUE_OK || !v)
		return false;
	bool fits = strlen(v) < cap;
	if (fits)
		snprintf(out, cap, "%s", v);
	curl_free(v);
	return fits;
}

bool egress_url_parse(const char *url, struct egress_target *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	size_t scheme = strncasecmp(url, "http://", 7) == 0 ? 7 : strncasecmp(url, "https://", 8) == 0 ? 8 : 0;
	if (!scheme) {
		*why = "must be an http:// or https:// URL";
		return false;
	}
	if (strchr("/?#", url[scheme])) {
		*why = "must name a host";
		return false;
	}
	CURLU *u = curl_url();
	bool ok = false;
	char scratch[8], port[8];
	if (!u) {
		*why = "cannot be parsed now";
	} else if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		*why = "is not a valid URL";
	} else if (url_part(u, CURLUPART_USER, 0, scratch, sizeof(scratch)) ||
		   url_part(u, CURLUPART_PASSWORD, 0, scratch, sizeof(scratch))) {
		*why = "must not carry a user name or password";
	} else if (url_part(u, CURLUPART_ZONEID, 0, scratch, sizeof(scratch))) {
		*why = "must not name an IPv6 zone";
	} else if (!url_part(u, CURLUPART_HOST, 0, out->host, sizeof(out->host)) ||
		   !url_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT, port, sizeof(port))) {
		*why = "must name a host";
	} else {
		size_t n = strlen(out->host);
		if (n > 2 && out->host[0] == '[' && out->host[n - 1] == ']') {
			memmove(out->host, out->host + 1, n - 2);
			out->host[n - 2] = '\0';
		}
		out->port = atoi(port);
		struct sockaddr_storage ss;
		out->host_is_address = address_parse(out->host, &ss);
		ok = out->port > 0 && out->host[0];
		if (!ok)
			*why = "must name a host and a port";
	}
	curl_url_cleanup(u);
	return ok;
}

/* Names that are private by definition, whatever DNS says: loopback, mDNS, and the private-use .internal (where
 * cloud metadata services live, e.g. metadata.google.internal). */
static bool name_private(const char *host)
{
	char name[256];
	size_t n = strlen(host);
	while (n && host[n - 1] == '.')
		n--;
	if (n == 0 || n >= sizeof(name))
		return true;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)host[i]);
	name[n] = '\0';
	static const char *const exact[] = {"localhost", "metadata", "localhost.localdomain"};
	static const char *const suffixes[] = {".localhost", ".internal", ".local"};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && strcmp(name + n - s, suffixes[i]) == 0)
			return true;
	}
	return false;
}

static const char refused_address[] =
	"points at a loopback, private, link-local or other non-public address, which webhooks may not reach";

bool egress_target_acceptable(const struct egress_policy *p, const struct egress_target *t, const char **why)
{
	if (p->any_private)
		return true;
	struct sockaddr_storage ss;
	bool ok = t->host_is_address ? address_parse(t->host, &ss) && egress_address_allowed(p, (struct sockaddr *)&ss)
				     : !name_private(t->host);
	if (!ok)
		*why = refused_address;
	return ok;
}

enum egress_resolution egress_resolve(const struct egress_policy *p, const struct egress_target *t, char *pin,
				      size_t cap, const char **why)
{
	pin[0] = '\0';
	if (!egress_target_acceptable(p, t, why))
		return EGRESS_REFUSED;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
	if (getaddrinfo(t->host, NULL, &hints, &res) != 0 || !res) {
		*why = "the host name does not resolve";
		return EGRESS_UNRESOLVED;
	}
	enum egress_resolution r = EGRESS_OK;
	for (struct addrinfo *a = res; a && r == EGRESS_OK; a = a->ai_next)
		if (!egress_address_allowed(p, a->ai_addr))
			r = EGRESS_REFUSED;
	char text[INET6_ADDRSTRLEN] = "";
	const void *first = res->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr
						      : (const void *)&((struct sockaddr_in6 *)(void *)res->ai_addr)->sin6_addr;
	if (r == EGRESS_OK && !t->host_is_address && inet_ntop(res->ai_family, first, text, sizeof(text)))
		snprintf(pin, cap, res->ai_family == AF_INET6 ? "%s:%d:[%s]" : "%s:%d:%s", t->host, t->port, text);
	else if (r == EGRESS_REFUSED)
		*why = "the host name resolves to a non-public address, which webhooks may not reach";
	freeaddrinfo(res);
	return r;
}
