/* Every reply of every API test, written as one JSON line to SALESCTL_TEST_REPLIES (set by tests/run.sh), where
 * tests/js/validate-replies.mjs checks each against the schema openapi.yaml documents for its operation and status
 * with a real JSON Schema validator (Ajv). The check runs once at the end of the suite, outside the forked test
 * processes, so a reply of any test (and of any thread of a test) is covered. */
#include "contract.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void contract_record(const char *method, const char *path, const struct resp *r)
{
	const char *file = getenv("SALESCTL_TEST_REPLIES");
	if (!file || r->status < 100)
		return;
	/* A body that is not UTF-8 cannot be a JSON string: it is recorded as null, which fails a documented JSON
	 * reply and passes one documented without a body only when it was empty. */
	json_t *body = r->body && r->body[0] ? json_string(r->body) : NULL;
	json_t *line = json_pack("{s:s, s:s, s:I, s:s, s:o?}", "method", method, "path", path, "status",
				 (json_int_t)r->status, "type", r->content_type, "body", body);
	char *text = line ? json_dumps(line, JSON_COMPACT) : NULL;
	json_decref(line);
	if (!text)
		return;
	/* One write() per line on an O_APPEND descriptor: lines of forked tests and their threads never interleave. */
	size_t len = strlen(text);
	text[len] = '\n';
	int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		ssize_t written = write(fd, text, len + 1);
		(void)written;
		close(fd);
	}
	free(text);
}
