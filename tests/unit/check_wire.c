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

/* Open fds below 256. */
static int
open_fds(void)
{
	int i, n = 0;

	for (i = 0; i < 256; i++)
		if (fcntl(i, F_GETFD) >= 0)
			n++;
	return n;
}

/* Send a message with k copies of fd in one SCM_RIGHTS header. */
static void
send_fds(int sock, const void *p, size_t len, int fd, int k)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(4 * sizeof(int))];
	} cm;
	struct iovec iov = { (void *)(size_t)p, len };
	struct msghdr msg;
	int i;

	memset(&msg, 0, sizeof(msg));
	memset(&cm, 0, sizeof(cm));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.space;
	msg.msg_controllen = CMSG_SPACE((size_t)k * sizeof(int));
	cm.h.cmsg_level = SOL_SOCKET;
	cm.h.cmsg_type = SCM_RIGHTS;
	cm.h.cmsg_len = CMSG_LEN((size_t)k * sizeof(int));
	for (i = 0; i < k; i++)
		memcpy(CMSG_DATA(&cm.h) + (size_t)i * sizeof(int), &fd,
		    sizeof(int));
	ck_assert_int_eq(sendmsg(sock, &msg, 0), (ssize_t)len);
}

/* More than one fd breaks the protocol: the message is refused and every
 * fd it carried is closed, whether it fit the buffer or was cut off
 * (fuzz_wire found them left open in the receiver). */
START_TEST(test_several_fds)
{
	char out[4] = "CHOW", in[4];
	int fd, got, before, k;

	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	for (k = 2; k <= 4; k++) {
		before = open_fds();
		send_fds(sv[0], out, sizeof(out), fd, k);
		errno = 0;
		ck_assert_int_eq(wire_recv(sv[1], in, sizeof(in), &got), -1);
		ck_assert_int_eq(errno, EPROTO);
		ck_assert_int_eq(got, -1);
		ck_assert_int_eq(open_fds(), before);
	}
	/* The next message is read as usual. */
	send_fds(sv[0], out, sizeof(out), fd, 1);
	ck_assert_int_eq(wire_recv(sv[1], in, sizeof(in), &got), 4);
	ck_assert_int_ge(got, 0);
	close(got);
	close(fd);
}
END_TEST

/* An empty message reads as the end, unless it carries an fd: then it is
 * refused and the fd closed. */
START_TEST(test_empty_message)
{
	char in[4];
	int fd, got, before;

	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	before = open_fds();
	send_fds(sv[0], "", 0, fd, 1);
	errno = 0;
	ck_assert_int_eq(wire_recv(sv[1], in, sizeof(in), &got), -1);
	ck_assert_int_eq(errno, EPROTO);
	ck_assert_int_eq(got, -1);
	ck_assert_int_eq(open_fds(), before);
	ck_assert_int_eq(wire_send(sv[0], "", 0, -1), 0);
	ck_assert_int_eq(wire_recv(sv[1], in, sizeof(in), &got), 0);
	ck_assert_int_eq(got, -1);
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
	tcase_add_test(tc, test_several_fds);
	tcase_add_test(tc, test_empty_message);
	tcase_add_test(tc, test_eof);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
