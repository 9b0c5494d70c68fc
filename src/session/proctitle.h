/* SPDX-License-Identifier: GPL-2.0-or-later */
/* setproctitle_enable: the session's state in ps(1). */
#ifndef SF_SESSION_PROCTITLE_H
#define SF_SESSION_PROCTITLE_H

/* Remember argv (main calls this first; nothing is changed yet). */
void proctitle_save(int argc, char **argv);
/* Take over the memory of argv and the environment for titles (the
 * environment is copied first).  Only when setproctitle_enable=YES. */
void proctitle_enable(void);
/* "sockftpd: <text>", cut to the space there is; no-op unless enabled. */
void proctitle_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
