/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transfer-log lines: vsftpd's format, wu-ftpd's xferlog(5), and JSON. */
#include "sf_config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/logfmt.h"

static const char *const logfmt_days[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};
static const char *const logfmt_months[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

void
logfmt_date(char *out, size_t outsz, time_t t, bool local)
{
	struct tm tm;

	if ((local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm)) == NULL)
		memset(&tm, 0, sizeof(tm));
	snprintf(out, outsz, "%s %s %2d %02d:%02d:%02d %d",
	    logfmt_days[tm.tm_wday % 7], logfmt_months[tm.tm_mon % 12],
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

/* vsftpd lines: control bytes, '\\' and '"' escaped. */
static int
logfmt_quoted(struct buf *out, const char *s)
{
	int r = buf_addc(out, '"');

	for (; s != NULL && *s != '\0' && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			r = buf_printf(out, "\\x%02x", c);
		else if (c == '\\' || c == '"')
			r = buf_printf(out, "\\%c", c);
		else
			r = buf_addc(out, (char)c);
	}
	return r == 0 ? buf_addc(out, '"') : r;
}

/* xferlog fields are split by single spaces: blanks and control bytes in
 * a name become '_', as proftpd does. */
static int
logfmt_field(struct buf *out, const char *s)
{
	int r = 0;

	if (s == NULL || *s == '\0')
		return buf_addc(out, '*');
	for (; *s != '\0' && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		r = buf_addc(out, c <= 0x20 || c == 0x7f ? '_' : (char)c);
	}
	return r;
}

static const char *
logfmt_verb(enum logfmt_event ev)
{
	switch (ev) {
	case LE_DOWNLOAD:
		return "DOWNLOAD";
	case LE_UPLOAD:
		return "UPLOAD";
	case LE_MKDIR:
		return "MKDIR";
	case LE_RMDIR:
		return "RMDIR";
	case LE_DELETE:
		return "DELETE";
	case LE_RENAME:
		return "RENAME";
	default:
		return "LOGIN";
	}
}

int
logfmt_vsftpd(struct buf *out, const struct logfmt_session *ss,
    const struct logfmt_rec *r, time_t now)
{
	char date[64];
	size_t mark = out->len;
	int e;

	logfmt_date(date, sizeof(date), now, ss->use_localtime);
	e = buf_printf(out, "%s [pid %ld] ", date, (long)ss->pid);
	/* vsftpd: the user in brackets once one is known; FAIL LOGIN always
	 * has one, which fail2ban's "\[[^\]]+\]" needs. */
	if (e == 0 && r->ev != LE_CONNECT && r->ev != LE_DISCONNECT &&
	    ss->user != NULL && *ss->user != '\0') {
		e = buf_addc(out, '[');
		for (const char *u = ss->user; *u != '\0' && e == 0; u++)
			e = buf_addc(out, (unsigned char)*u < 0x20 ||
			    *u == ']' || *u == 0x7f ? '?' : *u);
		if (e == 0)
			e = buf_adds(out, "] ");
	}
	if (e != 0)
		goto full;
	switch (r->ev) {
	case LE_CONNECT:
		e = buf_printf(out, "CONNECT: Client \"%s\"", ss->peer);
		break;
	case LE_DISCONNECT:
		e = buf_printf(out, "DISCONNECT: Client \"%s\"", ss->peer);
		break;
	case LE_COMMAND:
	case LE_RESPONSE:
		e = buf_printf(out, "FTP %s: Client \"%s\", ",
		    r->ev == LE_COMMAND ? "command" : "response", ss->peer);
		if (e == 0)
			e = logfmt_quoted(out, r->arg);
		break;
	case LE_LOGIN:
		e = buf_printf(out, "%s LOGIN: Client \"%s\"",
		    r->ok ? "OK" : "FAIL", ss->peer);
		if (e == 0 && r->ok && r->arg != NULL) {
			e = buf_adds(out, ", anon password ");
			if (e == 0)
				e = logfmt_quoted(out, r->arg);
		}
		break;
	default:
		e = buf_printf(out, "%s %s: Client \"%s\", ", r->ok ? "OK" :
		    "FAIL", logfmt_verb(r->ev), ss->peer);
		if (e == 0)
			e = logfmt_quoted(out, r->arg);
		if (e == 0 && (r->ev == LE_DOWNLOAD || r->ev == LE_UPLOAD))
			e = buf_printf(out, ", %" PRIu64 " bytes, %.2fKbyte/sec",
			    r->bytes, r->seconds > 0 ? (double)r->bytes /
			    1024.0 / r->seconds : 0.0);
		break;
	}
	if (e == 0)
		e = buf_addc(out, '\n');
	if (e == 0)
		return 0;
full:
	out->len = mark;
	if (out->p != NULL)
		out->p[mark] = '\0';
	return -1;
}

int
logfmt_xferlog(struct buf *out, const struct logfmt_session *ss,
    const struct logfmt_rec *r, time_t now)
{
	char date[64];
	size_t mark = out->len;
	int e;

	logfmt_date(date, sizeof(date), now, ss->use_localtime);
	/* current-time transfer-time remote-host file-size filename
	 * transfer-type special-action direction access-mode username
	 * service-name authentication-method authenticated-user-id
	 * completion-status */
	e = buf_printf(out, "%s %.0f %s %" PRIu64 " ", date, r->seconds,
	    ss->peer, r->bytes);
	if (e == 0)
		e = logfmt_field(out, r->arg);
	if (e == 0)
		e = buf_printf(out, " %c _ %c %c ", r->ascii ? 'a' : 'b',
		    r->ev == LE_UPLOAD ? 'i' : 'o', r->anonymous ? 'a' : 'r');
	if (e == 0)
		e = logfmt_field(out, r->xfer_user);
	if (e == 0)
		e = buf_printf(out, " ftp 0 * %c\n", r->ok ? 'c' : 'i');
	if (e == 0)
		return 0;
	out->len = mark;
	if (out->p != NULL)
		out->p[mark] = '\0';
	return -1;
}

/* The length of a valid UTF-8 sequence at s, or 0. */
static size_t
logfmt_utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int
logfmt_jstr(struct buf *out, const char *name, const char *s, bool comma)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int e = buf_printf(out, "%s\"%s\":\"", comma ? "," : "", name);

	while (*p != '\0' && e == 0) {
		size_t n = logfmt_utf8_len(p);

		if (n == 0 || *p < 0x20 || *p == 0x7f) {
			e = buf_printf(out, "\\u%04x", *p);
			p++;
		} else if (*p == '"' || *p == '\\') {
			e = buf_printf(out, "\\%c", *p);
			p++;
		} else {
			e = buf_add(out, p, n);
			p += n;
		}
	}
	return e == 0 ? buf_addc(out, '"') : e;
}

static const char *const logfmt_json_event[] = {
	[LE_CONNECT] = "connect", [LE_LOGIN] = "login",
	[LE_DOWNLOAD] = "transfer", [LE_UPLOAD] = "transfer",
	[LE_MKDIR] = "mkdir", [LE_RMDIR] = "rmdir", [LE_DELETE] = "delete",
	[LE_RENAME] = "rename", [LE_COMMAND] = "command",
	[LE_RESPONSE] = "response", [LE_DISCONNECT] = "disconnect",
};

int
logfmt_json(struct buf *out, const struct logfmt_session *ss,
    const struct logfmt_rec *r, time_t now, long now_ns)
{
	struct tm tm;
	size_t mark = out->len;
	int e;

	if (gmtime_r(&now, &tm) == NULL)
		memset(&tm, 0, sizeof(tm));
	e = buf_printf(out, "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ\","
	    "\"session\":\"%s\",\"pid\":%ld,\"peer\":\"%s\",\"event\":\"%s\"",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, now_ns / 1000, ss->id, (long)ss->pid,
	    ss->peer, logfmt_json_event[r->ev]);
	if (e == 0 && ss->user != NULL)
		e = logfmt_jstr(out, "user", ss->user, true);
	switch (r->ev) {
	case LE_LOGIN:
		if (e == 0)
			e = buf_printf(out, ",\"result\":\"%s\"",
			    r->ok ? "ok" : "fail");
		break;
	case LE_COMMAND:
		if (e == 0)
			e = logfmt_jstr(out, "command", r->arg, true);
		if (e == 0)
			e = buf_printf(out, ",\"code\":%d", r->code);
		break;
	case LE_RESPONSE:
		if (e == 0)
			e = logfmt_jstr(out, "reply", r->arg, true);
		break;
	case LE_DOWNLOAD:
	case LE_UPLOAD:
		if (e == 0)
			e = buf_printf(out, ",\"direction\":\"%s\"",
			    r->ev == LE_UPLOAD ? "upload" : "download");
		if (e == 0)
			e = logfmt_jstr(out, "path", r->arg, true);
		if (e == 0)
			e = buf_printf(out, ",\"bytes\":%" PRIu64 ",\"seconds\":"
			    "%.6f", r->bytes, r->seconds);
		if (e == 0)
			e = logfmt_jstr(out, "result", r->ok ? "ok" :
			    (r->reason ? r->reason : "failed"), true);
		break;
	case LE_MKDIR:
	case LE_RMDIR:
	case LE_DELETE:
	case LE_RENAME:
		if (e == 0)
			e = logfmt_jstr(out, "path", r->arg, true);
		if (e == 0)
			e = buf_printf(out, ",\"result\":\"%s\"",
			    r->ok ? "ok" : "fail");
		break;
	default:
		break;
	}
	if (e == 0)
		e = buf_adds(out, "}\n");
	if (e == 0)
		return 0;
	out->len = mark;
	if (out->p != NULL)
		out->p[mark] = '\0';
	return -1;
}
