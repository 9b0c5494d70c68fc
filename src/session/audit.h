/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session's transfer and protocol logs (xferlog_enable and friends). */
#ifndef SF_SESSION_AUDIT_H
#define SF_SESSION_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/logfmt.h"

struct session;

struct audit {
	int vsftpd_fd;		/* vsftpd_log_file, or -1 */
	int xferlog_fd;		/* xferlog_file, or -1 */
	bool vsftpd_log;	/* vsftpd-format (or JSON) lines wanted */
	bool to_syslog;		/* ... and they go to syslog */
	bool json;		/* log_format=json */
	bool protocol;		/* log_ftp_protocol */
	char id[17];		/* session id */
	char user[64];		/* login name, or the name given at USER */
	char *anon_pass;	/* xferlog's user field for anonymous */
	char *cmd;		/* JSON: command awaiting its reply code */
	int last_code;
};

/*
 * Open the log files the options ask for (before confinement: they live
 * outside the root) and choose the session id.  Returns 0, or -1 with
 * errno and the failing path in *path.
 */
int audit_open(struct session *s, const char **path);
void audit_connect(struct session *s);
void audit_disconnect(struct session *s);
void audit_user(struct session *s, const char *name);
/* ok with pass: an anonymous login and its password (the "e-mail"). */
void audit_login(struct session *s, bool ok, const char *pass);
void audit_transfer(struct session *s, bool upload, const char *path,
    uint64_t bytes, double seconds, bool ascii, bool ok,
    const char *reason);
void audit_op(struct session *s, enum logfmt_event ev, bool ok,
    const char *arg);
/* Every command line (PASS is masked here) and every reply. */
void audit_command(struct session *s, const char *line);
void audit_reply(struct session *s, int code, const char *text);

#endif
