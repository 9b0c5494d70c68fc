/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for slot files and failure counters. */
#include "sf_config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/slots.h"

static char dir[64];
static int dfd;

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_slots.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
}

static void
teardown(void)
{
	char cmd[128];

	close(dfd);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Slots are per open file: another process (a child here) cannot take
 * a slot this one holds, and gets the next. */
START_TEST(test_take)
{
	int a, b;

	a = slots_take(dfd, "all", 2);
	ck_assert_int_ge(a, 0);
	b = slots_take(dfd, "all", 2);
	ck_assert_int_ge(b, 0);
	errno = 0;
	ck_assert_int_eq(slots_take(dfd, "all", 2), -1);
	ck_assert_int_eq(errno, EBUSY);
	/* Closing one frees it, as a crashed session would. */
	close(a);
	a = slots_take(dfd, "all", 2);
	ck_assert_int_ge(a, 0);
	close(a);
	close(b);
	ck_assert_int_eq(slots_take(dfd, "all", 0), -1);
}
END_TEST

START_TEST(test_take_across_processes)
{
	int a = slots_take(dfd, "ip-127.0.0.1", 1), status;
	pid_t pid;

	ck_assert_int_ge(a, 0);
	pid = fork();
	if (pid == 0) {
		/* The inherited fd holds the lock; a new open cannot. */
		close(a);
		_exit(slots_take(dfd, "ip-127.0.0.1", 1) < 0 && errno == EBUSY ?
		    0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(a);
}
END_TEST

START_TEST(test_fails)
{
	int fd = slots_fails_open(dfd, "127.0.0.1");

	ck_assert_int_ge(fd, 0);
	ck_assert_uint_eq(slots_fails_count(fd, 1000, 60), 0);
	ck_assert_int_eq(slots_fails_record(fd, 1000, 60), 0);
	ck_assert_int_eq(slots_fails_record(fd, 1010, 60), 0);
	ck_assert_uint_eq(slots_fails_count(fd, 1020, 60), 2);
	/* The first falls out of the window. */
	ck_assert_uint_eq(slots_fails_count(fd, 1065, 60), 1);
	ck_assert_uint_eq(slots_fails_count(fd, 1100, 60), 0);
	/* Recording prunes what is old. */
	ck_assert_int_eq(slots_fails_record(fd, 1200, 60), 0);
	ck_assert_uint_eq(slots_fails_count(fd, 1200, 600), 1);
	close(fd);
	/* Another session of the same address sees the same count. */
	fd = slots_fails_open(dfd, "127.0.0.1");
	ck_assert_uint_eq(slots_fails_count(fd, 1201, 60), 1);
	close(fd);
}
END_TEST

START_TEST(test_fails_many)
{
	int fd = slots_fails_open(dfd, "::1"), i;

	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(slots_fails_record(fd, 5000 + i / 10, 600),
		    0);
	/* At most the newest 256 are kept. */
	ck_assert_uint_eq(slots_fails_count(fd, 5100, 600), 256);
	close(fd);
}
END_TEST

START_TEST(test_key)
{
	char out[32];

	ck_assert_int_eq(slots_key("ip-", "127.0.0.1", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "ip-127.0.0.1");
	ck_assert_int_eq(slots_key("ip-", "::1", out, sizeof(out)), 0);
	ck_assert_int_eq(slots_key("ip-", "a/b", out, sizeof(out)), -1);
	ck_assert_int_eq(slots_key("ip-",
	    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", out, sizeof(out)), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("slots");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_take);
	tcase_add_test(tc, test_take_across_processes);
	tcase_add_test(tc, test_fails);
	tcase_add_test(tc, test_fails_many);
	tcase_add_test(tc, test_key);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
