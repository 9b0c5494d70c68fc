/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PAM for the monitor: authenticate, account, credentials and session. */
#ifndef SF_MONITOR_PAMAUTH_H
#define SF_MONITOR_PAMAUTH_H

#include <stdbool.h>
#include <stddef.h>

struct pamauth;

/*
 * Authenticate user with password pass through PAM service (auth, then
 * account), with PAM_RHOST the client's numeric address and PAM_TTY
 * "ftp".  The conversation answers only one password prompt.  On success
 * *out holds the handle (for pamauth_open and pamauth_end) and user_out
 * the user name PAM ended with (modules may change it).  Returns 0, or
 * -1 with the reason (never the password) in err.  libpam is loaded on
 * the first call, so sessions that never log a local user in do not pay
 * for it.
 */
int pamauth_login(const char *service, const char *user, const char *pass,
    const char *rhost, struct pamauth **out, char *user_out,
    size_t user_outsz, char *err, size_t errsz);

/* Establish credentials and, with session, open the PAM session.  0 or
 * -1 with the reason in err. */
int pamauth_open(struct pamauth *p, bool session, char *err, size_t errsz);

/* Close what pamauth_open opened, then end the transaction. */
void pamauth_end(struct pamauth *p);

#endif
