/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privileged monitor: root-only operations the session asks for. */
#ifndef SF_MONITOR_MONITOR_H
#define SF_MONITOR_MONITOR_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "common/monproto.h"
#include "common/options.h"

struct login;
struct login_lists;

/*
 * What the monitor may do for this session, fixed before the fork and
 * before any byte from the client was read.  A request for anything not
 * permitted here ends the session.
 */
struct monitor_conf {
	bool data_port_ok;		/* connect_from_port_20 */
	struct sockaddr_storage local;	/* control connection's address */
	socklen_t local_len;
	unsigned int data_port;		/* ftp_data_port */
	bool chown_ok;			/* chown_uploads */
	uid_t chown_uid;		/* chown_username */
	gid_t chown_gid;
	mode_t chown_mode;		/* chown_upload_mode */
	uid_t session_uid;		/* whose files may be given away */
	bool uwtmp_ok;			/* session_support: utmp and wtmp */
	char uwtmp_user[32];		/* the login's user (ftp_username) */
	char uwtmp_host[64];		/* the client's numeric address */
};

/*
 * Fork the monitor.  The child (the session, about to drop privileges)
 * gets the session end of a socketpair as the return value; the parent
 * stays root, closes ctrl_fd, serves requests and exits with the
 * session's status when it ends, so it never returns.  Returns -1 (with
 * errno) when the fork failed, in the caller.
 */
int monitor_start(int ctrl_fd, const struct monitor_conf *mc);

/* What a login hands from the pre-login process to the user's. */
struct monitor_handover {
	const char *extra;	/* control bytes read after PASS */
	size_t extra_len;
	const char *pass;	/* the anonymous password, else "" */
	uint32_t flags;		/* enum mon_auth_flags */
	/* With MON_AUTH_TLS: the plain end of the relay, which is the
	 * control connection from now on; else -1. */
	int relay_fd;
};

/*
 * A split session (local users): the monitor authenticates, and every
 * login gets a new session process that becomes the user.
 */
struct monitor_split {
	const struct options *opt;	/* the session's options */
	const struct login_lists *lists; /* read before the split */
	struct monitor_conf mc;		/* permits after login */
	char rhost[64];			/* the client's numeric address */
	bool as_root;			/* else logins must be our own uid */
	int ctrl_fd;			/* the control connection */
	/*
	 * Runs in the new session process, still root, right after the
	 * fork: becomes l's user and serves the session (h says what the
	 * pre-login process handed over); mon_fd talks to the monitor.
	 */
	void (*postlogin)(void *ctx, struct login *l,
	    const struct monitor_handover *h, int mon_fd)
	    __attribute__((noreturn));
	void *ctx;
};

/*
 * Fork the monitor of a split session.  The child, the pre-login
 * process, gets its end of the socketpair as the return value and
 * confines itself; the parent stays root, authenticates (PAM) what the
 * child asks with monitor_auth, and on success ends the child and forks
 * the logged-in process (ms->postlogin).  Never returns in the parent.
 * -1 (with errno) when the fork failed.
 */
int monitor_split_start(const struct monitor_split *ms);

/*
 * Pre-login: ask the monitor to log user in with pass.  extra holds the
 * control bytes read after PASS (the new process serves them); flags
 * the TLS state (enum mon_auth_flags).  Returns MON_OK -- with TLS,
 * *relay_fd is then the socket to relay the control connection to;
 * without, the monitor ends this process before the answer -- or
 * MON_FAIL, MON_DENIED (530 for both) or MON_CLOSE (530, then end the
 * session).
 */
enum mon_status monitor_auth(int mon_fd, const char *user, const char *pass,
    uint32_t flags, const char *extra, size_t extra_len, int *relay_fd);

/* Ask for a TCP socket bound to (local address, ftp_data_port); -1 on
 * failure. */
int monitor_data_socket(int mon_fd);

/*
 * session_support: the session logged in.  The monitor writes a utmp and
 * a wtmp login record (user, host and pid fixed before the fork), once,
 * and the logout records when the session ends.  0 or -1.
 */
int monitor_login(int mon_fd);

/*
 * Give the upload open on fd to chown_username with chown_upload_mode.
 * The monitor accepts only a regular file with one link or none, owned by
 * the session user.  0, or -1 on refusal or failure.
 */
int monitor_chown(int mon_fd, int fd);

#endif
