/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation wrappers that end the process on failure. */
#ifndef SF_COMMON_XMEM_H
#define SF_COMMON_XMEM_H

#include <stddef.h>

/* Each returns memory the caller owns, or logs and exits (status 4) when
 * the allocation fails; they never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* n zero bytes in a private mapping of their own, starting a page, whose
 * pages take memory only once written; never freed. */
void *xmap_zero(size_t n);

/*
 * The session's control connection: when an allocation fails in this
 * process, "421 Service not available: out of memory." is written to fd
 * (nothing is allocated on that path) before the exit.  Only the calling
 * process writes, never one forked from it later.  -1 turns it off (as
 * must TLS on the control connection: the reply is plain text).  The
 * process must ignore SIGPIPE, as the session does.
 */
void xmem_set_oom_fd(int fd);

#endif
