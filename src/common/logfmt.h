/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transfer-log lines: vsftpd's format, wu-ftpd's xferlog(5), and JSON. */
#ifndef SF_COMMON_LOGFMT_H
#define SF_COMMON_LOGFMT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "common/buf.h"

enum logfmt_event {
	LE_CONNECT,
	LE_LOGIN,	/* ok: OK LOGIN (arg: anonymous password); else FAIL */
	LE_DOWNLOAD,	/* arg: path */
	LE_UPLOAD,	/* arg: path */
	LE_MKDIR,	/* arg: path */
	LE_RMDIR,
	LE_DELETE,
	LE_RENAME,	/* arg: "from to" */
	LE_COMMAND,	/* arg: the command line, PASS masked by the caller */
	LE_RESPONSE,	/* arg: the reply's last line */
	LE_DISCONNECT,
};

/* Who and where, the same for every line of a session. */
struct logfmt_session {
	pid_t pid;
	const char *peer;	/* numeric address */
	const char *user;	/* login name, or the name given at USER */
	const char *id;		/* session id (JSON) */
	bool use_localtime;	/* dates in local time, else UTC */
};

struct logfmt_rec {
	enum logfmt_event ev;
	bool ok;
	const char *arg;
	uint64_t bytes;		/* transfers */
	double seconds;		/* transfers */
	int code;		/* LE_COMMAND: the reply code (JSON) */
	bool ascii;		/* transfers (xferlog) */
	bool anonymous;		/* xferlog access mode a, else r */
	const char *xfer_user;	/* xferlog: anonymous password or user */
	const char *reason;	/* a failed transfer's cause (JSON) */
};

/*
 * Each appends one line, '\n' included, to out; -1 when out is full.
 * Bytes below 0x20 and 0x7f are escaped ("\xHH" in vsftpd lines; '_' in
 * xferlog, together with blanks, so that its fields stay split by
 * spaces; "\u00HH" in JSON, where bytes that are not UTF-8 are also
 * written as \u00HH), so that no client name can forge a line.
 */
int logfmt_vsftpd(struct buf *out, const struct logfmt_session *ss,
    const struct logfmt_rec *r, time_t now);
/* Only for LE_DOWNLOAD and LE_UPLOAD. */
int logfmt_xferlog(struct buf *out, const struct logfmt_session *ss,
    const struct logfmt_rec *r, time_t now);
/* now_ns: nanoseconds within now, for the ISO 8601 time. */
int logfmt_json(struct buf *out, const struct logfmt_session *ss,
    const struct logfmt_rec *r, time_t now, long now_ns);

/* "Sat Nov 21 16:37:09 2026" (ctime's layout, English names). */
void logfmt_date(char *out, size_t outsz, time_t t, bool local);

#endif
