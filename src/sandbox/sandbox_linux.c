/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hardening applied to a session after it dropped its privileges (Linux). */
#include "sf_config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "common/log.h"
#include "sandbox/sandbox.h"

/* A session holds a handful of fds (control, data, listener, file,
 * directory, syslog, monitor). */
#define SANDBOX_NOFILE 64

static int
sandbox_rlimit(int res, rlim_t v, const char *name, char *err, size_t errsz)
{
	struct rlimit rl = { v, v };

	if (setrlimit(res, &rl) < 0) {
		snprintf(err, errsz, "setrlimit %s: %s", name, strerror(errno));
		return -1;
	}
	return 0;
}

int
sandbox_apply(unsigned long as_limit, char *err, size_t errsz)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errsz, "PR_SET_NO_NEW_PRIVS: %s", strerror(errno));
		return -1;
	}
	/* Sanitizer builds stay dumpable: LeakSanitizer attaches to its own
	 * threads with ptrace at exit. */
#ifndef SF_SANITIZERS
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0) {
#else
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0) {
#endif
		snprintf(err, errsz, "PR_SET_DUMPABLE: %s", strerror(errno));
		return -1;
	}
	if (sandbox_rlimit(RLIMIT_CORE, 0, "RLIMIT_CORE", err, errsz) < 0)
		return -1;
	if (sandbox_rlimit(RLIMIT_NOFILE, SANDBOX_NOFILE, "RLIMIT_NOFILE",
	    err, errsz) < 0) {
		/* Some environments (valgrind, some containers) refuse a new
		 * hard limit: lower the soft one and say so. */
		struct rlimit rl;

		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
		rl.rlim_cur = SANDBOX_NOFILE < rl.rlim_max ? SANDBOX_NOFILE :
		    rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			return -1;
		log_warn("%s; only the soft limit was lowered", err);
	}
	/* Sanitizer builds: LeakSanitizer clones a tracer at exit, and the
	 * shadow memory needs terabytes of address space. */
#ifndef SF_SANITIZERS
	if (sandbox_rlimit(RLIMIT_NPROC, 0, "RLIMIT_NPROC", err, errsz) < 0)
		return -1;
	if (as_limit > 0 && sandbox_rlimit(RLIMIT_AS, (rlim_t)as_limit,
	    "RLIMIT_AS", err, errsz) < 0)
		return -1;
#else
	(void)as_limit;
#endif
	return 0;
}
