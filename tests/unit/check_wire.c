/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the fixed-size message framing with fd passing. */
#include "sf_config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/wire.h"

static int sv[2];

static void
setup(void)
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
}

static void
teardown(void)
{
	close(sv[0]);
	close(sv[1]);
}

START_TEST(test_plain)
{
	unsigned int out = 0xdeadbeef, in = 0;
	int fd;

	ck_assert_int_eq(wire_send(sv[0], &out, sizeof(out), -1), 0);
	ck_assert_int_eq(wire_recv(sv[1], &in, sizeof(in), &fd),
	    (ssize_t)sizeof(in));
	ck_assert_uint_eq(in, out);
	ck_assert_int_eq(fd, -1);
}
END_TEST

START_TEST(test_fd)
{
	struct stat a, b;
	char c = 'x', r = 0;
	int fd, got;

	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(wire_send(sv[0], &c, 1, fd), 0);
	ck_assert_int_eq(wire_recv(sv[1], &r, 1, &got), 1);
	ck_assert_int_eq(r, 'x');
	ck_assert_int_ge(got, 0);
	ck_assert_int_ne(got, fd);
	/* The same open file, close-on-exec on the receiving side. */
	ck_assert_int_eq(fstat(fd, &a), 0);
	ck_assert_int_eq(fstat(got, &b), 0);
	ck_assert(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	ck_assert(fcntl(got, F_GETFD) & FD_CLOEXEC);
	close(fd);
	close(got);
}
END_TEST

/* A message of another size is a peer that breaks the protocol: refused,
 * and an fd it carried is not leaked. */
START_TEST(test_wrong_size)
{
	char big[8] = "1234567", small[4];
	int fd, got;

	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_eq(wire_send(sv[0], big, sizeof(big), fd), 0);
	errno = 0;
	ck_assert_int_eq(wire_recv(sv[1], small, sizeof(small), &got), -1);
	ck_assert_int_eq(errno, EPROTO);
	ck_assert_int_eq(got, -1);
	ck_assert_int_eq(wire_send(sv[0], big, 2, -1), 0);
	ck_assert_int_eq(wire_recv(sv[1], small, sizeof(small), &got), -1);
	close(fd);
}
END_TEST

START_TEST(test_eof)
{
	char c;
	int got;

	close(sv[0]);
	sv[0] = open("/dev/null", O_RDONLY);
	ck_assert_int_eq(wire_recv(sv[1], &c, 1, &got), 0);
	ck_assert_int_eq(got, -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("wire");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_fd);
	tcase_add_test(tc, test_wrong_size);
	tcase_add_test(tc, test_eof);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
