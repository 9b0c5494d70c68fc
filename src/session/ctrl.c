/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control connection: read command lines, write replies. */
#include "sf_config.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "common/log.h"
#include "session/ctrl.h"
#include "session/session.h"

/* How long a reply may wait for a client that does not read. */
#define CTRL_WRITE_TIMEOUT_MS (300 * 1000)

void
ctrl_init(struct session *s, int fd)
{
	struct ctrl *c = &s->ctrl;

	io_plain_init(&c->io, fd);
	line_init(&c->lr);
	c->raw_off = c->raw_len = 0;
	c->held = LINE_NONE;
	c->eof = false;
	buf_init(&c->out, LIM_REPLY + 64);
}

static void
ctrl_flush(struct session *s)
{
	struct ctrl *c = &s->ctrl;
	size_t off = 0;

	while (off < c->out.len) {
		ssize_t n = c->io.write(&c->io, c->out.p + off,
		    c->out.len - off);

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (io_wait(c->io.fd, POLLOUT, CTRL_WRITE_TIMEOUT_MS) > 0)
				continue;
			log_info("client stopped reading replies");
		} else {
			log_info("control connection lost: %s",
			    n < 0 ? strerror(errno) : "closed");
		}
		buf_reset(&c->out);
		session_exit(s, EXIT_OK);
	}
	buf_reset(&c->out);
}

/* Append one reply line: "code<sep>text\r\n" (code < 0: no code), with
 * 0xFF doubled. */
static void
ctrl_add_line(struct session *s, int code, char sep, const char *p, size_t n)
{
	struct buf *o = &s->ctrl.out;
	size_t i;

	if (o->len >= LIM_REPLY)
		return;
	if (code >= 0)
		buf_printf(o, "%03d%c", code, sep);
	for (i = 0; i < n && o->len < LIM_REPLY; i++) {
		if ((unsigned char)p[i] == 0xff)
			buf_addc(o, (char)0xff);
		buf_addc(o, p[i]);
	}
	buf_add(o, "\r\n", 2);
}

/* Split text at CR/LF; all pieces but the last get "code-", the last
 * gets "code<last_sep>". */
static void
ctrl_add_text(struct session *s, int code, char last_sep, const char *text)
{
	const char *p = text;

	for (;;) {
		size_t n = strcspn(p, "\r\n");

		if (p[n] == '\0') {
			ctrl_add_line(s, code, last_sep, p, n);
			if (last_sep == ' ' && code >= 0)
				audit_reply(s, code, p);
			return;
		}
		ctrl_add_line(s, code, '-', p, n);
		p += n;
		/* CRLF counts as one break. */
		if (p[0] == '\r' && p[1] == '\n')
			p++;
		p++;
	}
}

static void
ctrl_vtext(int code, char sep, struct session *s, const char *fmt,
    va_list ap)
{
	struct buf t;

	buf_init(&t, LIM_REPLY);
	if (buf_vprintf(&t, fmt, ap) < 0) {
		/* Too long: say so rather than send a truncated line. */
		buf_reset(&t);
		buf_adds(&t, "(reply too long)");
	}
	ctrl_add_text(s, code, sep, buf_cstr(&t));
	buf_free(&t);
}

void
ctrl_reply(struct session *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctrl_vtext(code, ' ', s, fmt, ap);
	va_end(ap);
	ctrl_flush(s);
}

void
ctrl_reply_begin(struct session *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctrl_vtext(code, '-', s, fmt, ap);
	va_end(ap);
}

void
ctrl_reply_line(struct session *s, const char *fmt, ...)
{
	struct buf t;
	va_list ap;
	size_t i;

	buf_init(&t, LIM_REPLY);
	va_start(ap, fmt);
	if (buf_vprintf(&t, fmt, ap) < 0)
		buf_adds(&t, " (line too long)");
	va_end(ap);
	for (i = 0; i < t.len; i++)
		if (t.p[i] == '\r' || t.p[i] == '\n')
			t.p[i] = '?';
	ctrl_add_line(s, -1, ' ', t.p, t.len);
	buf_free(&t);
}

void
ctrl_reply_raw(struct session *s, const char *p, size_t n)
{
	ctrl_add_line(s, -1, ' ', p, n);
}

void
ctrl_reply_end(struct session *s, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctrl_vtext(code, ' ', s, fmt, ap);
	va_end(ap);
	ctrl_flush(s);
}

/* Parse what is buffered; LINE_NONE when more bytes are needed. */
static enum line_status
ctrl_parse(struct ctrl *c)
{
	enum line_status st;
	size_t used;

	if (c->raw_off >= c->raw_len) {
		c->raw_off = c->raw_len = 0;
		return LINE_NONE;
	}
	st = line_feed(&c->lr, c->raw + c->raw_off, c->raw_len - c->raw_off,
	    &used);
	c->raw_off += used;
	return st;
}

/* Read more bytes: 1 got some, 0 would block, -1 end of stream/error. */
static int
ctrl_fill(struct ctrl *c)
{
	ssize_t n;

	if (c->raw_off >= c->raw_len)
		c->raw_off = c->raw_len = 0;
	if (c->raw_len == sizeof(c->raw))
		return 1;
	n = c->io.read(&c->io, c->raw + c->raw_len,
	    sizeof(c->raw) - c->raw_len);
	if (n > 0) {
		c->raw_len += (size_t)n;
		return 1;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	c->eof = true;
	return -1;
}

enum line_status
ctrl_read_line(struct session *s)
{
	struct ctrl *c = &s->ctrl;
	enum line_status st;

	if (c->held != LINE_NONE) {
		st = c->held;
		c->held = LINE_NONE;
		return st;
	}
	for (;;) {
		int timeout_ms = -1, r;

		st = ctrl_parse(c);
		if (st != LINE_NONE)
			return st;
		if (c->eof) {
			log_info("client closed the control connection");
			session_exit(s, EXIT_OK);
		}
		if (s->opt->idle_session_timeout > 0)
			timeout_ms = (int)s->opt->idle_session_timeout * 1000;
		if (!s->logged_in) {
			time_t left = s->prelogin_deadline - time(NULL);

			if (left < 0)
				left = 0;
			if (timeout_ms < 0 || left * 1000 < timeout_ms)
				timeout_ms = (int)left * 1000;
		}
		if (!c->io.pending(&c->io)) {
			r = io_wait(c->io.fd, POLLIN, timeout_ms);
			if (r == 0) {
				log_info("%s timeout",
				    s->logged_in ? "idle" : "login");
				ctrl_reply(s, 421, "Timeout.");
				session_exit(s, EXIT_OK);
			}
		}
		if (ctrl_fill(c) < 0 && c->raw_len == 0) {
			log_info("client closed the control connection");
			session_exit(s, EXIT_OK);
		}
	}
}

bool
ctrl_check_abort(struct session *s, bool *closed)
{
	struct ctrl *c = &s->ctrl;
	enum line_status st;

	*closed = false;
	if (c->held != LINE_NONE)
		return false;
	for (;;) {
		st = ctrl_parse(c);
		if (st == LINE_OK && strcasecmp(c->lr.line, "ABOR") == 0)
			return true;
		if (st != LINE_NONE) {
			c->held = st;
			return false;
		}
		if (c->eof) {
			*closed = true;
			return false;
		}
		switch (ctrl_fill(c)) {
		case 0:
			return false;
		case -1:
			*closed = c->raw_len == 0;
			if (*closed)
				return false;
			break;
		default:
			break;
		}
	}
}

bool
ctrl_peer_gone(struct session *s, int wait_ms)
{
	struct ctrl *c = &s->ctrl;
	char b;
	ssize_t n;

	if (c->held != LINE_NONE || c->raw_off < c->raw_len)
		return false;
	if (c->eof)
		return true;
	if (c->io.pending(&c->io))
		return false;
	if (wait_ms > 0)
		io_wait(c->io.fd, POLLIN, wait_ms);
	n = recv(c->io.fd, &b, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n > 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR)))
		return false;
	return true;
}

int
ctrl_poll_fd(const struct session *s)
{
	return s->ctrl.held != LINE_NONE || s->ctrl.eof ? -1 : s->ctrl.io.fd;
}
