/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monitor's request format, and the checks on it (pure, fuzzed). */
#ifndef SF_COMMON_MONPROTO_H
#define SF_COMMON_MONPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/limits.h"

/*
 * Every request from a session process to the root monitor is one
 * struct mon_msg (one SOCK_SEQPACKET message of exactly this size, see
 * wire.h), optionally with one fd; every answer is one uint32_t status,
 * optionally with one fd.  The lengths say how much of each array counts;
 * the monitor checks them, and everything else, with mon_msg_check()
 * before it looks at a request.
 */
enum mon_req {
	MON_DATA_SOCKET = 0x44534f4b,	/* "DSOK": a socket bound to port 20 */
	MON_CHOWN = 0x43484f57,		/* "CHOW": give an upload away (fd) */
	MON_LOGIN = 0x4c4f474e,		/* "LOGN": utmp/wtmp login record */
	MON_AUTH = 0x41555448,		/* "AUTH": user, password, bytes */
};

enum mon_status {
	MON_OK = 0,
	MON_FAIL = 1,		/* 530 Login incorrect. */
	MON_DENIED = 2,		/* 530 Permission denied. */
	MON_CLOSE = 3,		/* 530, then the session ends */
};

/* MON_AUTH flags: the pre-login process's TLS state. */
enum mon_auth_flags {
	MON_AUTH_TLS = 1,	/* the control connection is TLS: relay it */
	MON_AUTH_PBSZ = 2,	/* PBSZ was given */
	MON_AUTH_PROT_P = 4,	/* PROT P was given */
};
#define MON_AUTH_FLAGS_ALL (MON_AUTH_TLS | MON_AUTH_PBSZ | MON_AUTH_PROT_P)

struct mon_msg {
	uint32_t req;
	uint32_t flags;		/* MON_AUTH: enum mon_auth_flags */
	uint32_t user_len;
	uint32_t pass_len;
	uint32_t extra_len;
	char user[LIM_USER];
	char pass[LIM_PASS];
	/* MON_AUTH: control bytes the client sent after PASS, unread. */
	char extra[LIM_CTRL_READ];
};

/*
 * Is this a user name the monitor will look at: 1 to LIM_USER bytes of
 * printable ASCII without '/', '\\', ':' and blanks, not "." or "..",
 * not starting with '-'.  (It names files in user_config_dir, goes to
 * PAM, utmp and the logs.)
 */
bool mon_user_ok(const char *user, size_t len);

/*
 * Check a request as received: a known request, lengths within their
 * arrays, an fd exactly where the request takes one, a valid user name
 * and a password without NUL bytes for MON_AUTH, and no stray bytes in
 * the fields a request does not use.  Returns 0, or -1 with a static
 * reason in *why.
 */
int mon_msg_check(const struct mon_msg *m, bool has_fd, const char **why);

#endif
