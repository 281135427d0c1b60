/* Fuzz target: what clients send outside the body: Authorization (bearer tokens), Idempotency-Key, If-Match, list
 * cursors and the text formats of query filters. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/api/idempotency.h"
#include "salesctl/api/list.h"
#include "salesctl/auth/token.h"
#include "salesctl/domain/calendar.h"
#include "salesctl/domain/formats.h"
#include "salesctl/http/conditional.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	static const unsigned char key[32] = {1};
	char org[37], at[CURSOR_KEY_MAX], id[37], versions[128], hash[TOKEN_HASH_HEX];
	struct civil_date d;
	const char *bearer = token_from_authorization(s);
	if (bearer && token_org(bearer, org) == 0)
		token_hash(bearer, hash);
	idempotency_key_valid(s);
	if_match_versions(s, versions, sizeof(versions));
	cursor_decode(key, "/v1/users", s, at, id);
	format_is_uuid(s);
	format_is_date(s);
	format_is_timestamp(s);
	format_is_email(s);
	format_is_time_hm(s);
	format_is_period(s);
	civil_date_parse(s, &d);
	utf8_length(s);
	free(s);
	return 0;
}
