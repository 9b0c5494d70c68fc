/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnostics for the administrator: stderr or syslog, never the client. */
#include "sf_config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"

/* Process-wide by nature: there is one log per process. */
static bool log_stderr = true;
static char log_tag[64];

void
log_init(bool to_stderr)
{
	log_stderr = to_stderr;
	if (!to_stderr)
		openlog("sockftpd", LOG_PID | LOG_NDELAY, LOG_FTP);
}

bool
log_to_stderr(void)
{
	return log_stderr;
}

void
log_set_tag(const char *tag)
{
	snprintf(log_tag, sizeof(log_tag), "%s", tag);
}

/*
 * One line, one write(2): lines of several processes never interleave,
 * and the line is formatted here rather than by fprintf() on the
 * unbuffered stderr, which would put an 8 KiB buffer on the stack (and
 * two more pages into every session's memory).
 */
static void __attribute__((format(printf, 3, 0)))
log_vmsg(int prio, const char *func, const char *fmt, va_list ap)
{
	char line[2048 + 160];
	size_t head = 0, pre, n, i;
	int w;

	/* syslog adds the name and pid itself. */
	if (log_stderr)
		head = (size_t)snprintf(line, sizeof(line), "sockftpd[%ld]: ",
		    (long)getpid());
	w = snprintf(line + head, sizeof(line) - head, "%s%s%s: ", log_tag,
	    log_tag[0] ? ": " : "", func);
	pre = head + (w < 0 ? 0 : (size_t)w);
	if (pre > sizeof(line) - 2)
		pre = sizeof(line) - 2;
	line[pre] = '\0';
	vsnprintf(line + pre, sizeof(line) - pre - 1, fmt, ap);
	n = pre + strlen(line + pre);
	/* Names from clients may hold control bytes: never let them forge
	 * log lines. */
	for (i = pre; i < n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	if (!log_stderr) {
		syslog(prio, "%s", line);
		return;
	}
	line[n++] = '\n';
	for (i = 0; i < n;) {
		ssize_t r = write(STDERR_FILENO, line + i, n - i);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		i += (size_t)r;
	}
}

void
log_msg(int prio, const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(prio, func, fmt, ap);
	va_end(ap);
}

void
log_die_f(int status, const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERR, func, fmt, ap);
	va_end(ap);
	exit(status);
}

void
log_bug_f(const char *func, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_CRIT, func, fmt, ap);
	va_end(ap);
	abort();
}
