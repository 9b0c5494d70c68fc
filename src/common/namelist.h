/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Name list files: userlist_file, chroot_list_file, the e-mail lists. */
#ifndef SF_COMMON_NAMELIST_H
#define SF_COMMON_NAMELIST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Does the list text[0..len) hold name as a whole line?  One entry per
 * line, as vsftpd reads them; a CR before the LF and blanks around an
 * entry are ignored, lines starting with '#' are comments, and the
 * comparison is exact (case-sensitive).
 */
bool namelist_has(const char *text, size_t len, const char *name);

/*
 * Read a list file (a regular file of at most LIM_LIST_FILE bytes) into
 * a NUL-terminated buffer the caller frees.  NULL with errno on failure
 * (ENOENT for a missing file, EFBIG for a large one).
 */
char *namelist_read(const char *path, size_t *len);

/* namelist_read and namelist_has in one: 1, 0, or -1 with errno. */
int namelist_file_has(const char *path, const char *name);

struct options;

/*
 * The lists a login is checked against, read once per session before
 * confinement (vsftpd reads them at start-up too): userlist_file with
 * userlist_enable, banned_email_file with deny_email_enable,
 * email_password_file with secure_email_list_enable.  A list that could
 * not be read has text NULL and its errno in err.
 */
struct namelist {
	char *text;
	size_t len;
	int err;
};

struct login_lists {
	struct namelist user, banned, emails;
};

void login_lists_load(const struct options *o, struct login_lists *ll);
void login_lists_free(struct login_lists *ll);

/* userlist_enable: does the list refuse user?  A list that could not be
 * read refuses everyone (logged), except a missing deny list. */
bool login_userlist_refuses(const struct options *o,
    const struct login_lists *ll, const char *user);

/* deny_email_enable / secure_email_list_enable: is this anonymous
 * password refused?  Unreadable lists refuse (logged). */
bool login_email_refused(const struct options *o,
    const struct login_lists *ll, const char *pass);

#endif
