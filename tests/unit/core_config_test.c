/* Configuration loading: defaults, the DATABASE_URL fallback, bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesctl/core/config.h"
#include "suites.h"

static void clear_env(void)
{
	const char *vars[] = {"SALESCTL_DATABASE_URL", "DATABASE_URL", "SALESCTL_LISTEN", "SALESCTL_THREADS",
			      "SALESCTL_DB_POOL", "SALESCTL_MAX_BODY", "SALESCTL_LOG", "SALESCTL_ADMIN_TOKEN"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
}

START_TEST(defaults)
{
	clear_env();
	struct config c;
	FILE *err = fopen("/dev/null", "w");
	ck_assert_int_eq(config_load(&c, err), 0);
	fclose(err);
	ck_assert_str_eq(c.listen, "127.0.0.1:8080");
	ck_assert_int_eq(c.max_body, 1048576);
	ck_assert_int_eq(c.scheduler_interval, 60);
	ck_assert_int_eq(c.log, LOG_JSON);
	ck_assert_str_eq(c.admin_token, "");
}
END_TEST

START_TEST(database_url_fallback)
{
	clear_env();
	setenv("DATABASE_URL", "postgresql://x/y", 1);
	struct config c;
	ck_assert_int_eq(config_load(&c, stderr), 0);
	ck_assert_str_eq(c.database_url, "postgresql://x/y");
	setenv("SALESCTL_DATABASE_URL", "postgresql://a/b", 1);
	ck_assert_int_eq(config_load(&c, stderr), 0);
	ck_assert_str_eq(c.database_url, "postgresql://a/b");
}
END_TEST

START_TEST(bad_values_are_reported)
{
	clear_env();
	setenv("SALESCTL_THREADS", "-1", 1);
	setenv("SALESCTL_MAX_BODY", "lots", 1);
	setenv("SALESCTL_LOG", "xml", 1);
	char out[1024] = "";
	FILE *err = fmemopen(out, sizeof(out), "w");
	struct config c;
	ck_assert_int_eq(config_load(&c, err), -1);
	fclose(err);
	ck_assert_ptr_nonnull(strstr(out, "SALESCTL_THREADS"));
	ck_assert_ptr_nonnull(strstr(out, "SALESCTL_MAX_BODY"));
	ck_assert_ptr_nonnull(strstr(out, "SALESCTL_LOG"));
	clear_env();
}
END_TEST

START_TEST(help_lists_every_option)
{
	char out[8192] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");
	config_print_help(f);
	fclose(f);
	const char *names[] = {"SALESCTL_DATABASE_URL", "SALESCTL_LISTEN", "SALESCTL_THREADS", "SALESCTL_DB_POOL",
			       "SALESCTL_SCHEDULER_INTERVAL", "SALESCTL_ADMIN_TOKEN", "SALESCTL_MAX_BODY", "SALESCTL_LOG"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_msg(strstr(out, names[i]) != NULL, "%s missing from --help", names[i]);
}
END_TEST

Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *t = tcase_create("config");
	tcase_add_test(t, defaults);
	tcase_add_test(t, database_url_fallback);
	tcase_add_test(t, bad_values_are_reported);
	tcase_add_test(t, help_lists_every_option);
	suite_add_tcase(s, t);
	return s;
}
