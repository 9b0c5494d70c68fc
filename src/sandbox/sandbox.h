/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hardening applied to a session after it dropped its privileges. */
#ifndef SF_SANDBOX_SANDBOX_H
#define SF_SANDBOX_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * PR_SET_NO_NEW_PRIVS, not dumpable (no core dumps, no ptrace by the same
 * user), RLIMIT_CORE 0, few fds, no new processes, and RLIMIT_AS =
 * as_limit bytes when nonzero.  Sanitizer builds (test only) stay
 * dumpable and skip the process and address-space limits, which
 * LeakSanitizer and the shadow memory need.  Returns 0, or -1 with the
 * failed step in err.
 */int sandbox_apply(unsigned long as_limit, char *err, size_t errsz);

/*
 * seccomp_sandbox: an allow-list of the system calls a session process
 * makes (others fail with EPERM; exec, ptrace, fork, credential changes,
 * mounts and the like kill the process).  Apply last, after
 * sandbox_apply.  -1 with the reason in err, also when sockftpd was built
 * without libseccomp (sandbox_seccomp_available() says which).
 */
int sandbox_seccomp(char *err, size_t errsz);
bool sandbox_seccomp_available(void);

#endif
