/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session's transfer and protocol logs (xferlog_enable and friends). */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/xmem.h"
#include "session/audit.h"
#include "session/session.h"

static int
audit_file(const char *path)
{
	return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
	    O_NOCTTY | O_NOFOLLOW, 0600);
}

int
audit_open(struct session *s, const char **path)
{
	const struct options *o = s->opt;
	struct audit *a = &s->audit;
	uint64_t r = 0;

	a->vsftpd_fd = a->xferlog_fd = -1;
	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 24);
	snprintf(a->id, sizeof(a->id), "%016" PRIx64, r);
	a->json = o->log_format != NULL && strcmp(o->log_format, "json") == 0;
	/* vsftpd's rules: xferlog_std_format switches the log to wu-ftpd
	 * lines (and off the protocol log) unless dual_log_enable keeps
	 * both; syslog_enable sends vsftpd's lines to syslog. */
	a->vsftpd_log = (o->xferlog_enable && !o->xferlog_std_format) ||
	    o->dual_log_enable;
	a->protocol = o->log_ftp_protocol && a->vsftpd_log;
	a->to_syslog = a->vsftpd_log && o->syslog_enable;
	if (a->vsftpd_log && !a->to_syslog) {
		*path = o->vsftpd_log_file;
		if (o->vsftpd_log_file == NULL ||
		    (a->vsftpd_fd = audit_file(o->vsftpd_log_file)) < 0)
			return -1;
	}
	if ((o->xferlog_enable && o->xferlog_std_format) ||
	    o->dual_log_enable) {
		*path = o->xferlog_file;
		if (o->xferlog_file == NULL ||
		    (a->xferlog_fd = audit_file(o->xferlog_file)) < 0)
			return -1;
	}
	return 0;
}

/* One line, one write(): with O_APPEND the kernel never interleaves it
 * with another session's line; the lock is for NFS-like file systems
 * (no_log_lock turns it off, as in vsftpd). */
static void
audit_write(struct session *s, int fd, const struct buf *b)
{
	struct flock lk;
	bool lock = !s->opt->no_log_lock;

	memset(&lk, 0, sizeof(lk));
	lk.l_whence = SEEK_SET;
	if (lock) {
		lk.l_type = F_WRLCK;
		while (fcntl(fd, F_SETLKW, &lk) < 0 && errno == EINTR)
			;
	}
	if (write(fd, b->p, b->len) != (ssize_t)b->len)
		log_err("writing a log line: %s", strerror(errno));
	if (lock) {
		lk.l_type = F_UNLCK;
		fcntl(fd, F_SETLK, &lk);
	}
}

static void
audit_emit(struct session *s, const struct logfmt_rec *r)
{
	struct audit *a = &s->audit;
	struct logfmt_session ss;
	struct timespec now;
	struct buf b;
	int e;

	if (!a->vsftpd_log && a->xferlog_fd < 0)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	ss.pid = getpid();
	ss.peer = s->peer_str;
	ss.user = a->user[0] ? a->user : NULL;
	ss.id = a->id;
	ss.use_localtime = s->opt->use_localtime;
	buf_init(&b, LIM_PATH + LIM_CMD_LINE + 1024);
	if (a->vsftpd_log) {
		e = a->json ? logfmt_json(&b, &ss, r, now.tv_sec, now.tv_nsec) :
		    logfmt_vsftpd(&b, &ss, r, now.tv_sec);
		if (e == 0 && a->to_syslog) {
			/* syslog dates its lines itself. */
			const char *p = a->json ? b.p : b.p + 25;

			syslog(LOG_INFO, "%.*s", (int)(b.len - 1 -
			    (size_t)(p - b.p)), p);
		} else if (e == 0) {
			audit_write(s, a->vsftpd_fd, &b);
		}
		buf_reset(&b);
	}
	if (a->xferlog_fd >= 0 && (r->ev == LE_DOWNLOAD ||
	    r->ev == LE_UPLOAD) && logfmt_xferlog(&b, &ss, r, now.tv_sec) == 0)
		audit_write(s, a->xferlog_fd, &b);
	buf_free(&b);
}

void
audit_connect(struct session *s)
{
	struct logfmt_rec r = { .ev = LE_CONNECT };

	audit_emit(s, &r);
}

/* JSON logs every command with its reply code: the last reply before
 * the next command (or the end) completes it. */
static void
audit_flush_command(struct session *s)
{
	struct audit *a = &s->audit;
	struct logfmt_rec r = { .ev = LE_COMMAND };

	if (a->cmd == NULL)
		return;
	r.arg = a->cmd;
	r.code = a->last_code;
	audit_emit(s, &r);
	free(a->cmd);
	a->cmd = NULL;
}

void
audit_disconnect(struct session *s)
{
	struct logfmt_rec r = { .ev = LE_DISCONNECT };

	if (s->audit.json) {
		audit_flush_command(s);
		audit_emit(s, &r);
	}
}

void
audit_user(struct session *s, const char *name)
{
	snprintf(s->audit.user, sizeof(s->audit.user), "%s", name);
}

void
audit_login(struct session *s, bool ok, const char *pass)
{
	struct logfmt_rec r = { .ev = LE_LOGIN, .ok = ok, .arg = pass };

	if (ok && pass != NULL) {
		free(s->audit.anon_pass);
		s->audit.anon_pass = xstrdup(pass);
	}
	audit_emit(s, &r);
}

void
audit_transfer(struct session *s, bool upload, const char *path,
    uint64_t bytes, double seconds, bool ascii, bool ok, const char *reason)
{
	struct logfmt_rec r = {
		.ev = upload ? LE_UPLOAD : LE_DOWNLOAD, .ok = ok, .arg = path,
		.bytes = bytes, .seconds = seconds, .ascii = ascii,
		.anonymous = s->user_anon, .reason = reason,
		.xfer_user = s->user_anon ? s->audit.anon_pass : s->audit.user,
	};

	audit_emit(s, &r);
}

void
audit_op(struct session *s, enum logfmt_event ev, bool ok, const char *arg)
{
	struct logfmt_rec r = { .ev = ev, .ok = ok, .arg = arg };

	audit_emit(s, &r);
}

void
audit_command(struct session *s, const char *line)
{
	struct audit *a = &s->audit;
	struct logfmt_rec r = { .ev = LE_COMMAND };
	const char *shown = line;

	if (!a->json && !a->protocol)
		return;
	/* Passwords never reach a log. */
	if (strncasecmp(line, "PASS", 4) == 0 &&
	    (line[4] == ' ' || line[4] == '\0'))
		shown = "PASS <password>";
	if (a->json) {
		audit_flush_command(s);
		a->cmd = xstrdup(shown);
		a->last_code = 0;
		return;
	}
	r.arg = shown;
	audit_emit(s, &r);
}

void
audit_reply(struct session *s, int code, const char *text)
{
	struct audit *a = &s->audit;
	struct logfmt_rec r = { .ev = LE_RESPONSE };
	char line[512];

	a->last_code = code;
	if (!a->protocol || a->json)
		return;
	snprintf(line, sizeof(line), "%03d %s", code, text);
	r.arg = line;
	audit_emit(s, &r);
}
