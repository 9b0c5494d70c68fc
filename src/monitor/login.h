/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monitor's login decision: who a USER/PASS pair becomes, and where. */
#ifndef SF_MONITOR_LOGIN_H
#define SF_MONITOR_LOGIN_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/limits.h"
#include "common/monproto.h"
#include "common/namelist.h"
#include "common/options.h"

struct pamauth;

/* A decided login: everything the new session process needs to become
 * the user, computed by root before anything runs as the user. */
struct login {
	bool anon;		/* anonymous: ftp_username, anon_root */
	bool guest;		/* a virtual user mapped to guest_username */
	bool anon_privs;	/* anon_* permissions (anonymous, or a guest
				 * without virtual_use_local_privs) */
	char name[LIM_USER + 1];	/* the login name (after PAM) */
	char account[LIM_USER + 1];	/* the system account it runs as */
	uid_t uid;
	gid_t gid;
	gid_t groups[LIM_GROUPS];
	int ngroups;
	bool chroot;		/* root is a chroot() */
	char root[LIM_PATH];	/* the session's root directory */
	char start[LIM_PATH];	/* first cwd, absolute within root */
	struct options opt;	/* effective options (user_config_dir) */
	struct pamauth *pam;	/* open PAM transaction, or NULL */
};

/* Is user one of the anonymous names ("anonymous", "ftp", any case)? */
bool login_is_anonymous(const char *user);

/*
 * Decide the login of user with password pass from the client at rhost,
 * under options o and the lists ll.  Returns MON_OK with *l filled (release with
 * login_free), or MON_FAIL / MON_DENIED after logging why.  The password
 * is not logged and not kept.  Runs as root, in the monitor.
 */
enum mon_status login_decide(const struct options *o,
    const struct login_lists *ll, const char *user, const char *pass,
    const char *rhost, struct login *l);

/* Open the PAM session part (credentials; with session_support, the PAM
 * session).  0 or -1, logged. */
int login_open_session(struct login *l, bool session_support);

/* Release a login (ends its PAM transaction). */
void login_free(struct login *l);

#endif
