/* SPDX-License-Identifier: GPL-2.0-or-later */
/* getpwnam() that reads /etc/passwd itself when NSS would read it first. */
#ifndef SF_COMMON_PWFILE_H
#define SF_COMMON_PWFILE_H

#include <pwd.h>

/* Storage for one entry (strings longer than text leave it to NSS). */
struct pw_buf {
	struct passwd pw;
	char text[512];
};

/*
 * Where nsswitch lists "files" first for passwd (with no [action] after
 * it), an entry that passwd holds is exactly what NSS would answer: look
 * it up there, without NSS's start-up (nsswitch.conf parsed into the
 * heap, nscd's socket tried, a stdio buffer).  Anything else (no entry,
 * another source first, an action, compat "+"/"-" lines, a field that
 * does not parse) is left to getpwnam().  The result lives in b, or in
 * getpwnam()'s static storage; NULL with errno as getpwnam() leaves it.
 * Call before confinement.
 */
struct passwd *pw_getnam(const char *name, struct pw_buf *b);

/*
 * The file part, for tests: 1 with *out filled (strings in buf), 0 when
 * getpwnam() must decide, given the two files' paths.
 */
int pw_files_lookup(const char *nsswitch, const char *passwd,
    const char *name, struct passwd *out, char *buf, size_t bufsz);

#endif
