/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the allocation wrappers and their out-of-memory exit. */
#include "sf_config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "common/xmem.h"

#ifdef SF_SANITIZERS
/* ASan would report an impossible allocation instead of failing it. */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

#define OOM_REPLY	"421 Service not available: out of memory.\r\n"

/* Not a constant, so that no compiler warns about the size. */
static volatile size_t huge = SIZE_MAX;

START_TEST(test_wrappers)
{
	char *p = xmalloc(0), *q;

	ck_assert_ptr_nonnull(p);
	p = xrealloc(p, 10);
	memcpy(p, "abcdefghi", 10);
	q = xstrndup(p, 3);
	ck_assert_str_eq(q, "abc");
	free(q);
	q = xstrdup(p);
	ck_assert_str_eq(q, "abcdefghi");
	free(q);
	free(p);
	p = xcalloc(0, 0);
	ck_assert_ptr_nonnull(p);
	free(p);
}
END_TEST

/* The ways to fail an allocation; each must end in xmem_fail. */
enum how { HOW_MALLOC, HOW_CALLOC, HOW_REALLOC, HOW_N };

static void
fail_alloc(enum how how)
{
	char *p;

	switch (how) {
	case HOW_MALLOC:
		p = xmalloc(huge);
		break;
	case HOW_CALLOC:
		p = xcalloc(huge / 2, 4);
		break;
	case HOW_REALLOC:
	default:
		p = xrealloc(NULL, huge);
		break;
	}
	free(p);
}

/*
 * Run fail_alloc in a child whose OOM fd is set (reg: register in the
 * child; grandchild: fail in a process forked after registering).
 * Returns the child's exit status; *got holds what reached the peer.
 */
static int
run_oom(enum how how, bool reg, bool grandchild, char *got, size_t gotsz)
{
	int sv[2], status;
	ssize_t n;
	pid_t pid, g;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		close(sv[1]);
		if (reg)
			xmem_set_oom_fd(sv[0]);
		if (grandchild) {
			g = fork();
			if (g < 0)
				_exit(99);
			if (g == 0)
				fail_alloc(how);
			if (waitpid(g, &status, 0) != g || !WIFEXITED(status))
				_exit(98);
			_exit(WEXITSTATUS(status));
		}
		fail_alloc(how);
		_exit(97);	/* not reached: xmem_fail exits */
	}
	close(sv[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	memset(got, 0, gotsz);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	n = read(sv[1], got, gotsz - 1);
	ck_assert(n >= 0 || errno == EAGAIN);
	close(sv[1]);
	return WEXITSTATUS(status);
}

/* Every failed allocation tells the registered client, then exits with
 * the runtime error status. */
START_TEST(test_oom_reply)
{
	char got[128];

	ck_assert_int_eq(run_oom((enum how)_i, true, false, got, sizeof(got)),
	    EXIT_RUNTIME);
	ck_assert_str_eq(got, OOM_REPLY);
}
END_TEST

/* Without a registered fd: the same exit, nothing written. */
START_TEST(test_oom_unregistered)
{
	char got[128];

	ck_assert_int_eq(run_oom(HOW_MALLOC, false, false, got, sizeof(got)),
	    EXIT_RUNTIME);
	ck_assert_str_eq(got, "");
}
END_TEST

/* A process forked after the registration (the monitor, a helper) has
 * the number but not the connection: it exits without writing. */
START_TEST(test_oom_forked_child_silent)
{
	char got[128];

	ck_assert_int_eq(run_oom(HOW_MALLOC, true, true, got, sizeof(got)),
	    EXIT_RUNTIME);
	ck_assert_str_eq(got, "");
}
END_TEST

/* A client that is gone (a closed fd, a reset peer) changes nothing but
 * the reply: still exit status 4, no signal. */
START_TEST(test_oom_client_gone)
{
	int sv[2], status;
	pid_t pid;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* As in the session, which ignores SIGPIPE. */
		signal(SIGPIPE, SIG_IGN);
		close(sv[1]);
		xmem_set_oom_fd(sv[0]);
		fail_alloc(HOW_MALLOC);
		_exit(97);
	}
	close(sv[0]);
	close(sv[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), EXIT_RUNTIME);

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		xmem_set_oom_fd(1000);
		fail_alloc(HOW_MALLOC);
		_exit(97);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), EXIT_RUNTIME);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("xmem");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_wrappers);
	tcase_add_loop_test(tc, test_oom_reply, HOW_MALLOC, HOW_N);
	tcase_add_test(tc, test_oom_unregistered);
	tcase_add_test(tc, test_oom_forked_child_silent);
	tcase_add_test(tc, test_oom_client_gone);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
