/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnostics for the administrator: stderr or syslog, never the client. */
#ifndef SF_COMMON_LOG_H
#define SF_COMMON_LOG_H

#include <stdbool.h>
#include <syslog.h>

/* Exit statuses, documented in sockftpd(8). */
enum {
	EXIT_OK = 0,		/* session ended normally, or -t found no error */
	EXIT_USAGE = 1,		/* bad command line */
	EXIT_CONFIG = 2,	/* configuration error or refused option */
	EXIT_NOSOCKET = 3,	/* not started on a socket by a launcher */
	EXIT_RUNTIME = 4,	/* a local failure the session could not survive */
};

/*
 * log_init: to_stderr selects stderr (a terminal, or systemd's journal
 * stream); otherwise messages go to syslog (LOG_FTP), whose socket is
 * opened now so that it still works after chroot.  Before log_init,
 * messages go to stderr.
 */
void log_init(bool to_stderr);
bool log_to_stderr(void);
/* A short tag (e.g. "127.0.0.1") put in front of every later message. */
void log_set_tag(const char *tag);

void log_msg(int prio, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_err(...)	log_msg(LOG_ERR, __func__, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __func__, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __func__, __VA_ARGS__)

/* Log and exit with status; for failures before a client is being served
 * (a session uses session_die(), which also answers 421). */
#define log_die(status, ...) log_die_f(status, __func__, __VA_ARGS__)
void log_die_f(int status, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* An impossible state: log and abort.  Never reachable from client input. */
#define log_bug(...) log_bug_f(__func__, __VA_ARGS__)
void log_bug_f(const char *func, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
