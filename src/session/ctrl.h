/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control connection: read command lines, write replies. */
#ifndef SF_SESSION_CTRL_H
#define SF_SESSION_CTRL_H

#include <stdarg.h>
#include <stdbool.h>

#include "common/line.h"

struct session;

void ctrl_init(struct session *s, int fd);

/*
 * Wait for the next command line (idle_session_timeout applies; 421 and
 * exit when it expires, exit when the client closed the connection).
 * Returns LINE_OK with the line in s->ctrl.lr.line, or LINE_TOO_LONG /
 * LINE_NUL for a discarded line.
 */
enum line_status ctrl_read_line(struct session *s);

/*
 * During a transfer: look at the control connection without blocking.
 * Returns true when the client sent ABOR (consumed).  Any other complete
 * line is held and returned by the next ctrl_read_line(); while one is
 * held, nothing more is read.  *closed is set when the client closed the
 * control connection.
 */
bool ctrl_check_abort(struct session *s, bool *closed);
/*
 * Has the client closed the control connection, now or within wait_ms?
 * Checked when an upload's data connection ended: a client that was
 * killed closes both, and its unconfirmed upload must not replace a file.
 * Returns as soon as the answer is known: a pending command or byte means
 * no at once; only a silent connection is waited for.
 */
bool ctrl_peer_gone(struct session *s, int wait_ms);
/* The control fd, for poll() in transfer loops; -1 while a line is held. */
int ctrl_poll_fd(const struct session *s);

/*
 * The only writer to the control connection.  Text after an embedded CR
 * or LF becomes continuation lines ("code-first", " middle", "code last"),
 * 0xFF is doubled (Telnet IAC), the reply is capped at LIM_REPLY.  Client
 * text must only ever travel as a %s argument.
 */
void ctrl_reply(struct session *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Multi-line replies: begin with the first line, add lines, end with the
 * last line (written out only then). */
void ctrl_reply_begin(struct session *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ctrl_reply_line(struct session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ctrl_reply_end(struct session *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Raw bytes of a reply line body (listing lines in STAT); must not
 * contain CR or LF. */
void ctrl_reply_raw(struct session *s, const char *p, size_t n);

#endif
