/* SPDX-License-Identifier: GPL-2.0-or-later */
/* seccomp_sandbox: the system calls a session process may make (Linux). */
#include "sf_config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "sandbox/sandbox.h"

#ifdef HAVE_LIBSECCOMP
#include <linux/filter.h>
#include <linux/seccomp.h>

/* The program libseccomp compiled at build time (seccomp_gen.c has the
 * lists and says why). */
#include "sandbox/seccomp_filter.h"

int
sandbox_seccomp(char *err, size_t errsz)
{
	struct sock_fprog prog = {
		.len = SANDBOX_FILTER_LEN,
		.filter = (struct sock_filter *)(size_t)sandbox_filter,
	};

	/* PR_SET_NO_NEW_PRIVS is set already (sandbox_apply). */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0) {
		snprintf(err, errsz, "seccomp: %s", strerror(errno));
		return -1;
	}
	return 0;
}

bool
sandbox_seccomp_available(void)
{
	return true;
}

#else

int
sandbox_seccomp(char *err, size_t errsz)
{
	snprintf(err, errsz, "built without libseccomp");
	return -1;
}

bool
sandbox_seccomp_available(void)
{
	return false;
}

#endif
