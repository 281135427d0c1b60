/* Replies checked against openapi.yaml (see contract.c). */
#ifndef SALESCTL_TESTS_API_CONTRACT_H
#define SALESCTL_TESTS_API_CONTRACT_H

#include <stdbool.h>

#include "client.h"

/* Whether SALESCTL_TEST_OPENAPI_JSON names a readable contract (loaded once). */
bool contract_loaded(void);
/* The fields of r's JSON body that the schema documented for (method, url's route, r's status) does not name, each
 * reported on stderr; *documented tells whether the contract documents that reply at all. */
int contract_stray_fields(const char *method, const char *url, const struct resp *r, bool *documented);

#endif
