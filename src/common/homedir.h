/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a user's session is rooted and starts (pure, unit-tested). */
#ifndef SF_COMMON_HOMEDIR_H
#define SF_COMMON_HOMEDIR_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Replace every occurrence of token (user_sub_token) in tmpl by value,
 * into out.  An empty or NULL token copies tmpl.  0, or -1 when out is
 * too small.
 */
int homedir_subst(const char *tmpl, const char *token, const char *value,
    char *out, size_t outsz);

/*
 * The session's root and first directory, as vsftpd computes them: the
 * base is local_root when set, else the account's home, with token
 * replaced by name in either.  Chrooted, the root is the base and the
 * session starts at "/" -- or, with passwd_chroot_enable and a home of
 * the form "/jail/./dir" (no local_root), the root is "/jail" and the
 * session starts at "/dir".  Not chrooted, the root is "/" and the
 * session starts at the base.  The base must be an absolute path.
 * Returns 0, or -1 with a reason in err.
 */
int homedir_plan(const char *home, const char *local_root, const char *token,
    const char *name, bool chroot, bool passwd_chroot, char *root,
    char *start, size_t sz, char *err, size_t errsz);

#endif
