/* The owner's page: web/index.html and its assets, embedded by cmd/dev/embed.sh (see the Makefile), served with a
 * Content-Security-Policy that lets the page load only its own files and call only this server. */
#include "salesctl/api/web.h"
#include "salesctl/core/embedded.h"

#include <string.h>

/* Only this server's files, scripts and API; no inline script, no framing. */
#define PAGE_CSP \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " \
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

static const struct embedded_file *web_file(const char *name)
{
	for (size_t i = 0; i < embedded_web_count; i++)
		if (strcmp(embedded_web[i].name, name) == 0)
			return &embedded_web[i];
	return NULL;
}

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (dot && strcmp(dot, ".html") == 0)
		return "text/html; charset=utf-8";
	return "text/plain; charset=utf-8";
}

static enum db_status reply_web_file(struct request *req, const char *name)
{
	const struct embedded_file *f = web_file(name);
	if (!f) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	reply_text(req, 200, content_type_of(name), f->text);
	req->reply.csp = PAGE_CSP;
	return DB_OK;
}

enum db_status api_web_page(struct request *req)
{
	return reply_web_file(req, "index.html");
}

enum db_status api_web_asset(struct request *req)
{
	const char *name = req->match.params[0];
	/* The page itself is at /, not among its assets. */
	if (strcmp(name, "index.html") == 0) {
		reply_problem(req, PROBLEM_NOT_FOUND, NULL);
		return DB_ABORTED;
	}
	return reply_web_file(req, name);
}
