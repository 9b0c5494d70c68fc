/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privileged monitor: root-only operations the session asks for. */
#ifndef SF_MONITOR_MONITOR_H
#define SF_MONITOR_MONITOR_H

#include <stdbool.h>
#include <sys/socket.h>
#include <sys/types.h>

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
