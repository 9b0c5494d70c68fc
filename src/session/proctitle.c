/* SPDX-License-Identifier: GPL-2.0-or-later */
/* setproctitle_enable: the session's state in ps(1). */
#include "sf_config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmem.h"
#include "session/proctitle.h"

extern char **environ;

/* One per process by nature: there is one argv. */
static char **pt_argv;
static int pt_argc;
static char *pt_start, *pt_end;

void
proctitle_save(int argc, char **argv)
{
	pt_argc = argc;
	pt_argv = argv;
}

void
proctitle_enable(void)
{
	char *end;
	char **env;
	int i, n;

	if (pt_argv == NULL || pt_argc < 1 || pt_start != NULL)
		return;
	/* The kernel shows argv's memory; when its last byte is not a NUL
	 * it goes on into the environment's, which follows it.  Use both,
	 * as far as the strings are contiguous. */
	end = pt_argv[0] + strlen(pt_argv[0]) + 1;
	for (i = 1; i < pt_argc; i++)
		if (pt_argv[i] == end)
			end += strlen(pt_argv[i]) + 1;
	for (n = 0; environ[n] != NULL; n++)
		;
	env = xcalloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		if (environ[i] == end)
			end += strlen(environ[i]) + 1;
		env[i] = xstrdup(environ[i]);
	}
	environ = env;
	pt_start = pt_argv[0];
	pt_end = end;
}

void
proctitle_set(const char *fmt, ...)
{
	size_t size, len;
	va_list ap;
	int w;

	if (pt_start == NULL)
		return;
	size = (size_t)(pt_end - pt_start);
	memset(pt_start, 0, size);
	w = snprintf(pt_start, size, "sockftpd: ");
	if (w < 0 || (size_t)w >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(pt_start + w, size - (size_t)w, fmt, ap);
	va_end(ap);
	len = strlen(pt_start);
	/* Later argv strings are gone: ps must not show stale ones. */
	if (len + 1 < size)
		memset(pt_start + len, 0, size - len);
}
