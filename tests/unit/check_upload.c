/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the pure upload rules. */
#include "sf_config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/upload.h"

START_TEST(test_temp_names)
{
	char a[64], b[64];

	upload_temp_name(0, a, sizeof(a));
	ck_assert_str_eq(a, ".sockftpd-upload.0000000000000000");
	upload_temp_name(0xdeadbeefcafef00dULL, b, sizeof(b));
	ck_assert_str_eq(b, ".sockftpd-upload.deadbeefcafef00d");
	ck_assert(upload_is_temp_name(a));
	ck_assert(upload_is_temp_name(b));
	ck_assert(upload_is_temp_name(UPLOAD_TEMP_PREFIX));
	ck_assert(!upload_is_temp_name(".sockftpd-upload"));
	ck_assert(!upload_is_temp_name("x.sockftpd-upload.1"));
	ck_assert(!upload_is_temp_name(""));
	ck_assert(!upload_is_temp_name("file.txt"));
}
END_TEST

static const struct {
	const char *base;
	unsigned int n;
	const char *want;
} stou_cases[] = {
	{ "STOU", 0, "STOU" }, { "STOU", 1, "STOU.1" },
	{ "STOU", 42, "STOU.42" }, { "a b.txt", 3, "a b.txt.3" },
};

START_TEST(test_stou_names)
{
	char out[64];

	ck_assert_int_eq(upload_stou_name(stou_cases[_i].base,
	    stou_cases[_i].n, out, sizeof(out)), 0);
	ck_assert_str_eq(out, stou_cases[_i].want);
}
END_TEST

START_TEST(test_stou_too_long)
{
	char out[8];

	ck_assert_int_eq(upload_stou_name("1234567", 0, out, sizeof(out)), 0);
	ck_assert_int_eq(upload_stou_name("12345678", 0, out, sizeof(out)),
	    -1);
	ck_assert_int_eq(upload_stou_name("12345", 1, out, sizeof(out)), 0);
	ck_assert_int_eq(upload_stou_name("12345", 10, out, sizeof(out)),
	    -1);
}
END_TEST

static const struct {
	unsigned long mode, umask;
	mode_t want;
} mode_cases[] = {
	{ 0666, 077, 0600 }, { 0666, 022, 0644 }, { 0777, 022, 0755 },
	{ 0666, 0, 0666 }, { 0777, 0777, 0 }, { 04777, 0, 04777 },
	{ 0666, 026, 0640 }, { 0600, 0, 0600 },
};

START_TEST(test_modes)
{
	ck_assert_uint_eq(upload_mode(mode_cases[_i].mode,
	    mode_cases[_i].umask), mode_cases[_i].want);
}
END_TEST

static const struct {
	int e, code;
} err_cases[] = {
	{ ENOSPC, 452 }, { EDQUOT, 552 }, { EFBIG, 552 }, { EIO, 451 },
	{ EROFS, 451 }, { 0, 451 },
};

START_TEST(test_error_replies)
{
	int code = 0;
	const char *text = upload_error_reply(err_cases[_i].e, &code);

	ck_assert_int_eq(code, err_cases[_i].code);
	ck_assert_ptr_nonnull(strstr(text, "discarded"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("upload");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_temp_names);
	tcase_add_loop_test(tc, test_stou_names, 0,
	    sizeof(stou_cases) / sizeof(stou_cases[0]));
	tcase_add_test(tc, test_stou_too_long);
	tcase_add_loop_test(tc, test_modes, 0,
	    sizeof(mode_cases) / sizeof(mode_cases[0]));
	tcase_add_loop_test(tc, test_error_replies, 0,
	    sizeof(err_cases) / sizeof(err_cases[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
