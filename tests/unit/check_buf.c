/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the bounded buffer. */
#include "sf_config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"

START_TEST(test_add_and_limit)
{
	struct buf b;

	buf_init(&b, 8);
	ck_assert_str_eq(buf_cstr(&b), "");
	ck_assert_int_eq(buf_adds(&b, "abcd"), 0);
	ck_assert_int_eq(buf_adds(&b, "efgh"), 0);
	ck_assert_uint_eq(b.len, 8);
	/* One byte over the maximum is refused and changes nothing. */
	ck_assert_int_eq(buf_addc(&b, 'x'), -1);
	ck_assert_str_eq(buf_cstr(&b), "abcdefgh");
	buf_free(&b);
	buf_free(&b);
}
END_TEST

START_TEST(test_printf_and_consume)
{
	struct buf b;

	buf_init(&b, 32);
	ck_assert_int_eq(buf_printf(&b, "%d-%s", 42, "x"), 0);
	ck_assert_str_eq(buf_cstr(&b), "42-x");
	ck_assert_int_eq(buf_printf(&b, "%040d", 1), -1);
	ck_assert_str_eq(buf_cstr(&b), "42-x");
	buf_consume(&b, 3);
	ck_assert_str_eq(buf_cstr(&b), "x");
	buf_consume(&b, 10);
	ck_assert_uint_eq(b.len, 0);
	buf_reset(&b);
	ck_assert_str_eq(buf_cstr(&b), "");
	buf_free(&b);
}
END_TEST

START_TEST(test_binary)
{
	struct buf b;

	buf_init(&b, 1 << 20);
	for (int i = 0; i < 100000; i++)
		ck_assert_int_eq(buf_add(&b, "\0\xff", 2), 0);
	ck_assert_uint_eq(b.len, 200000);
	ck_assert_int_eq(b.p[0], 0);
	ck_assert_int_eq((unsigned char)b.p[199999], 0xff);
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_add_and_limit);
	tcase_add_test(tc, test_printf_and_consume);
	tcase_add_test(tc, test_binary);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
