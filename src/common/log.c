/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnostics for the administrator: stderr or syslog, never the client. */
#include "sf_config.h"

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

static void __attribute__((format(printf, 3, 0)))
log_vmsg(int prio, const char *func, const char *fmt, va_list ap)
{
	char msg[2048];
	size_t i;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* Names from clients may hold control bytes: never let them forge
	 * log lines. */
	for (i = 0; msg[i] != '\0'; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
			msg[i] = '?';
	if (log_stderr)
		fprintf(stderr, "sockftpd[%ld]: %s%s%s: %s\n", (long)getpid(),
		    log_tag, log_tag[0] ? ": " : "", func, msg);
	else
		syslog(prio, "%s%s%s: %s", log_tag, log_tag[0] ? ": " : "",
		    func, msg);
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
