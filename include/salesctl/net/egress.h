/*
 * Where salesctld may send a request of its own (webhook deliveries), so that an owner's webhook cannot reach into
 * the network salesctld runs in (SSRF): loopback, private, carrier-grade NAT, link-local (cloud metadata at
 * 169.254.169.254), unique-local, unspecified, multicast and reserved addresses are refused, IPv4 written in any form
 * libcurl accepts (127.1, 2130706433, 0x7f.1) and IPv4 inside IPv6 (::ffff:127.0.0.1, 64:ff9b::/96) alike, unless the
 * operator's policy (SALESCTL_WEBHOOK_ALLOW_PRIVATE) allows them.
 *
 * A URL is checked twice: when it is registered (its syntax, and its host when that is an address or a name that is
 * private by definition; no DNS, which would hold the request's transaction while a resolver waits), and before each
 * delivery, after DNS: every address the name resolves to must be allowed, and the connection is pinned to the one
 * checked (CURLOPT_RESOLVE), so a name that resolves differently a moment later (DNS rebinding) cannot switch it.
 */
#ifndef SALESCTL_NET_EGRESS_H
#define SALESCTL_NET_EGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#define EGRESS_MAX_ALLOWED 16

/* What the operator allows beyond public addresses. */
struct egress_policy {
	bool any_private;                                 /* "*": a private deployment */
	size_t nallowed;
	struct sockaddr_storage allowed[EGRESS_MAX_ALLOWED]; /* exact addresses allowed although not public */
};

/* Parses SALESCTL_WEBHOOK_ALLOW_PRIVATE: "" (nothing), "*" (every address), or a comma-separated list of IP
 * addresses. Returns -1 for anything else. */
int egress_policy_parse(const char *spec, struct egress_policy *out);

/* The parts of a checked URL that a delivery needs. */
struct egress_target {
	char host[256];      /* as libcurl normalises it: IPv4 dotted, IPv6 without brackets */
	int port;
	bool host_is_address;
};

/* Parses url with libcurl's URL API and the rules on top of it: http or https, a non-empty authority ("http:///x"
 * is refused, though libcurl reads it as host "x"), no user name or password, no IPv6 zone. On failure returns false
 * and points *why at a static, client-facing reason. */
bool egress_url_parse(const char *url, struct egress_target *out, const char **why);

/* Whether an address is public (globally routable unicast). */
bool egress_address_public(const struct sockaddr *sa);
/* Whether the policy lets a request go to this address. */
bool egress_address_allowed(const struct egress_policy *p, const struct sockaddr *sa);

/* The registration check: the host when it is an address, or a name that is private by definition (localhost,
 * *.localhost, *.internal, *.local, metadata.google.internal). False with *why when refused. */
bool egress_target_acceptable(const struct egress_policy *p, const struct egress_target *t, const char **why);

enum egress_resolution { EGRESS_OK, EGRESS_REFUSED, EGRESS_UNRESOLVED };
/* The delivery check: resolves t's host (blocking; call from a worker thread), requires every address to be
 * allowed, and writes the CURLOPT_RESOLVE entry "host:port:address" for the first into pin. *why on failure. */
enum egress_resolution egress_resolve(const struct egress_policy *p, const struct egress_target *t, char *pin,
				      size_t cap, const char **why);

#endif
