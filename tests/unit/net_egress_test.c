/* src/net/egress.c: which addresses webhooks may reach, URL parsing on top of libcurl's, and the operator policy. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "salesctl/net/egress.h"
#include "suites.h"

static bool public_address(const char *text)
{
	struct sockaddr_storage ss = {0};
	struct sockaddr_in *v4 = (struct sockaddr_in *)(void *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)(void *)&ss;
	if (inet_pton(AF_INET, text, &v4->sin_addr) == 1)
		v4->sin_family = AF_INET;
	else if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1)
		v6->sin6_family = AF_INET6;
	else
		ck_abort_msg("%s is not an address", text);
	return egress_address_public((struct sockaddr *)&ss);
}

START_TEST(address_classes)
{
	const char *public[] = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111",
				"::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"};
	const char *other[] = {
		"127.0.0.1", "127.0.0.2", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
		"100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "198.18.0.1", "192.0.2.1", "240.0.0.1",
		"::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::7f00:1",
		"fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "2001::1", "2002:7f00:1::1",
		"::127.0.0.1", "100::1",
	};
	for (size_t i = 0; i < sizeof(public) / sizeof(public[0]); i++)
		ck_assert_msg(public_address(public[i]), "%s should be public", public[i]);
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		ck_assert_msg(!public_address(other[i]), "%s should not be public", other[i]);
}
END_TEST

START_TEST(urls_as_libcurl_reads_them_and_stricter)
{
	struct egress_target t;
	const char *why;
	ck_assert(egress_url_parse("https://hooks.example.test/x?y=1", &t, &why));
	ck_assert_str_eq(t.host, "hooks.example.test");
	ck_assert_int_eq(t.port, 443);
	ck_assert(!t.host_is_address);
	/* Every way of writing 127.0.0.1 comes out as one address. */
	const char *loopback[] = {"http://127.1/", "http://2130706433/", "http://0x7f.1/", "http://0177.0.0.1/"};
	for (size_t i = 0; i < 4; i++) {
		ck_assert_msg(egress_url_parse(loopback[i], &t, &why), "%s", loopback[i]);
		ck_assert_str_eq(t.host, "127.0.0.1");
		ck_assert(t.host_is_address);
	}
	ck_assert(egress_url_parse("http://[::ffff:127.0.0.1]:8080/h", &t, &why));
	ck_assert_str_eq(t.host, "::ffff:127.0.0.1");
	ck_assert_int_eq(t.port, 8080);
	ck_assert(t.host_is_address);
	const char *refused[] = {"http:///etc/passwd", "http://a.test/x\r\nX-Injected: 1", "http://user:pw@a.test/",
				 "http://user@a.test/", "ftp://a.test/", "file:///etc/passwd", "http://a.test:99999/",
				 "http://[fe80::1%25eth0]/", "http://", "http:/a.test", "gopher://a.test/",
				 "http://a .test/"};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		why = NULL;
		ck_assert_msg(!egress_url_parse(refused[i], &t, &why), "%s was accepted", refused[i]);
		ck_assert_ptr_nonnull(why);
	}
}
END_TEST

START_TEST(registration_check_and_policy)
{
	struct egress_policy none, loopback_one, any;
	ck_assert_int_eq(egress_policy_parse("", &none), 0);
	ck_assert_int_eq(egress_policy_parse("127.0.0.1, ::1", &loopback_one), 0);
	ck_assert_uint_eq(loopback_one.nallowed, 2);
	ck_assert_int_eq(egress_policy_parse("*", &any), 0);
	struct egress_policy bad;
	ck_assert_int_eq(egress_policy_parse("10.0.0.0/8", &bad), -1);
	ck_assert_int_eq(egress_policy_parse("yes", &bad), -1);

	struct egress_target t;
	const char *why;
	const char *inside[] = {"http://127.0.0.1:8080/", "http://[::1]/", "http://10.0.0.1/", "http://127.1/",
				"http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/",
				"http://2130706433/", "http://[::ffff:127.0.0.1]/", "http://localhost/", "http://a.localhost/",
				"http://printer.local/", "http://LOCALHOST./", "http://metadata/"};
	for (size_t i = 0; i < sizeof(inside) / sizeof(inside[0]); i++) {
		ck_assert(egress_url_parse(inside[i], &t, &why));
		ck_assert_msg(!egress_target_acceptable(&none, &t, &why), "%s was accepted", inside[i]);
		ck_assert(egress_target_acceptable(&any, &t, &why));
	}
	ck_assert(egress_url_parse("https://hooks.example.test/", &t, &why));
	ck_assert(egress_target_acceptable(&none, &t, &why));
	/* An allowed address is that address only. */
	ck_assert(egress_url_parse("http://127.1:9/", &t, &why));
	ck_assert(egress_target_acceptable(&loopback_one, &t, &why));
	ck_assert(egress_url_parse("http://127.0.0.2:9/", &t, &why));
	ck_assert(!egress_target_acceptable(&loopback_one, &t, &why));
	ck_assert(egress_url_parse("http://[::ffff:127.0.0.2]:9/", &t, &why));
	ck_assert(!egress_target_acceptable(&loopback_one, &t, &why));
}
END_TEST

START_TEST(delivery_check_after_resolution)
{
	struct egress_policy none, loopback_one;
	ck_assert_int_eq(egress_policy_parse("", &none), 0);
	ck_assert_int_eq(egress_policy_parse("127.0.0.1", &loopback_one), 0);
	struct egress_target t;
	const char *why;
	char pin[400];
	ck_assert(egress_url_parse("http://127.0.0.1:9/", &t, &why));
	ck_assert_int_eq(egress_resolve(&none, &t, pin, sizeof(pin), &why), EGRESS_REFUSED);
	ck_assert_int_eq(egress_resolve(&loopback_one, &t, pin, sizeof(pin), &why), EGRESS_OK);
	ck_assert_str_eq(pin, "");   /* an address needs no pinning */
	ck_assert(egress_url_parse("http://localhost:9/", &t, &why));
	ck_assert_int_eq(egress_resolve(&loopback_one, &t, pin, sizeof(pin), &why), EGRESS_REFUSED);
	ck_assert(egress_url_parse("http://no-such-host.invalid/", &t, &why));
	ck_assert_int_eq(egress_resolve(&none, &t, pin, sizeof(pin), &why), EGRESS_UNRESOLVED);
}
END_TEST

Suite *egress_suite(void)
{
	Suite *s = suite_create("egress");
	TCase *t = tcase_create("egress");
	tcase_add_test(t, address_classes);
	tcase_add_test(t, urls_as_libcurl_reads_them_and_stricter);
	tcase_add_test(t, registration_check_and_policy);
	tcase_add_test(t, delivery_check_after_resolution);
	suite_add_tcase(s, t);
	return s;
}
