/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the user and group name cache. */
#include "sf_config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/userdb.h"

START_TEST(test_lookup)
{
	struct userdb *db = userdb_new();

	userdb_add_user(db, 1000, "alice");
	userdb_add_user(db, 0, "root");
	userdb_add_user(db, 1000, "alias-of-alice");
	userdb_add_group(db, 100, "users");
	ck_assert_str_eq(userdb_user(db, 0), "root");
	/* The first name of an id wins, as getpwuid() would answer. */
	ck_assert_str_eq(userdb_user(db, 1000), "alice");
	ck_assert_ptr_null(userdb_user(db, 1001));
	ck_assert_str_eq(userdb_group(db, 100), "users");
	ck_assert_ptr_null(userdb_group(db, 1000));
	/* Adding after a lookup re-sorts. */
	userdb_add_user(db, 5, "five");
	ck_assert_str_eq(userdb_user(db, 5), "five");
	userdb_free(db);
	userdb_free(NULL);
}
END_TEST

START_TEST(test_many)
{
	struct userdb *db = userdb_new();
	char name[32];

	for (unsigned long i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "u%lu", 4999 - i);
		userdb_add_user(db, 4999 - i, name);
	}
	ck_assert_str_eq(userdb_user(db, 0), "u0");
	ck_assert_str_eq(userdb_user(db, 4999), "u4999");
	ck_assert_str_eq(userdb_user(db, 2500), "u2500");
	userdb_free(db);
}
END_TEST

START_TEST(test_system)
{
	struct userdb *db = userdb_new();

	userdb_load_system(db);
	/* Every Linux system has uid 0 and gid 0. */
	ck_assert_ptr_nonnull(userdb_user(db, 0));
	ck_assert_ptr_nonnull(userdb_group(db, 0));
	userdb_free(db);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("userdb");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_system);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
