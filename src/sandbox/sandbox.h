/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Hardening applied to a session after it dropped its privileges. */
#ifndef SF_SANDBOX_SANDBOX_H
#define SF_SANDBOX_SANDBOX_H

#include <stddef.h>

/*
 * PR_SET_NO_NEW_PRIVS, not dumpable (no core dumps, no ptrace by the same
 * user), RLIMIT_CORE 0, few fds, no new processes, and RLIMIT_AS =
 * as_limit bytes when nonzero.  Sanitizer builds (test only) stay
 * dumpable and skip the process and address-space limits, which
 * LeakSanitizer and the shadow memory need.  Returns 0, or -1 with the
 * failed step in err.
 */int sandbox_apply(unsigned long as_limit, char *err, size_t errsz);

#endif
