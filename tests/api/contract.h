/* Every reply of the API tests, kept for the check against openapi.yaml (see contract.c). */
#ifndef SALESCTL_TESTS_API_CONTRACT_H
#define SALESCTL_TESTS_API_CONTRACT_H

#include "client.h"

/* Appends r, the reply to method on path (with its query string), to SALESCTL_TEST_REPLIES when that is set. */
void contract_record(const char *method, const char *path, const struct resp *r);

#endif
